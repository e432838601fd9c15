using System.Globalization;
using System.Text;
using AuthActors.Runtime.Persistence;

namespace AuthActors.Bench.Journal;

/// <summary>The events the journal benchmark writes: one ~100-byte JSON payload, to persistence ids <c>bench|0</c>…</summary>
internal static class BenchEvents
{
    public const int Writers = 1_000;
    public const string Manifest = "bench.event.v1";

    public static readonly byte[] Payload = Encoding.UTF8.GetBytes(
        """{"at":"2026-11-22T04:00:00.000+00:00","from":"127.0.0.1","note":"a benchmark event of about 100 bytes"}""");

    public static string PersistenceId(int writer) => "bench|" + writer.ToString(CultureInfo.InvariantCulture);

    public static EventEnvelope[] One(int writer, long sequenceNr) =>
        [new EventEnvelope(PersistenceId(writer), sequenceNr, Manifest, Payload, DateTimeOffset.UtcNow, [])];
}
