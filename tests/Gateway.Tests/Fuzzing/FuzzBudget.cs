using System.Globalization;
using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Fuzzing;

/// <summary>
/// How long each fuzz target runs: a few seconds in the test suite (<c>AUTHACTORS_FUZZ_SECONDS</c>, default 12, about
/// a minute for all targets); longer, with counts, from the bench (<c>fuzz --seconds N</c>). Seeds are fixed per
/// target: a failure names the seed and the exchange, and replays.
/// </summary>
internal static class FuzzBudget
{
    public static TimeSpan PerTarget =>
        TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("AUTHACTORS_FUZZ_SECONDS"), CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? seconds : 12);

    /// <summary>
    /// Hostile input must not make the gateway hold on to memory: it starts near 100 MiB and every input is bounded
    /// (line length, body size, token lengths). What legitimately grows is the users the session-port target signs
    /// up (a live entity each until it passivates, a row in the projections): about 150 MiB for a minute of it (see
    /// BENCHMARKS.md, Fuzzing). Half a GiB means something is kept that should not be.
    /// </summary>
    public static void MemoryStaysBounded(GatewayProcess gateway) =>
        ProcessMemory.Of(gateway.ProcessId).Resident.ShouldBeLessThan(512L * 1024 * 1024, "the gateway's resident memory after fuzzing");

    /// <summary>The last lines a process wrote, for a failure message.</summary>
    public static string Tail(string output) => output.Length <= 4000 ? output : output[^4000..];
}
