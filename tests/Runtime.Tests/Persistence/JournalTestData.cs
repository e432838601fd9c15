using System.Text;
using AuthActors.Runtime.Persistence;

namespace AuthActors.Runtime.Tests.Persistence;

/// <summary>Events and ids for journal tests; every test takes fresh persistence ids so tests never meet.</summary>
internal static class JournalTestData
{
    public static readonly DateTimeOffset Timestamp = new(2025, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);

    public static string NewPersistenceId() => $"user|{Guid.NewGuid():N}";

    public static EventEnvelope Event(string persistenceId, long sequenceNr, params string[] tags) =>
        new(persistenceId,
            sequenceNr,
            "test.happened.v1",
            Encoding.UTF8.GetBytes($$"""{"n":{{sequenceNr}}}"""),
            Timestamp.AddSeconds(sequenceNr),
            tags);

    public static SnapshotEnvelope Snapshot(string persistenceId, long sequenceNr) =>
        new(persistenceId,
            sequenceNr,
            "user.state.v1",
            Encoding.UTF8.GetBytes($$"""{"at":{{sequenceNr}}}"""),
            Timestamp.AddSeconds(sequenceNr));

    public static EventEnvelope[] Events(string persistenceId, long fromSequenceNr, int count) =>
        [.. Enumerable.Range(0, count).Select(i => Event(persistenceId, fromSequenceNr + i))];

    public static async Task<List<EventEnvelope>> ReadAllAsync(
        IJournal journal, string persistenceId, long fromSequenceNr = 1)
    {
        var events = new List<EventEnvelope>();
        await foreach (var e in journal.ReadEventsAsync(persistenceId, fromSequenceNr, TestContext.Current.CancellationToken))
        {
            events.Add(e);
        }

        return events;
    }
}
