namespace AuthActors.Bench.Journal;

/// <summary>
/// The keys a plain INSERT loop writes: the same shape of work as the journal's concurrent appenders, one event to
/// each of <see cref="BenchEvents.Writers"/> users in turn, every user's sequence numbers going on from slice to
/// slice, under a prefix of its own so that it never meets the journal's keys. (A loop writing a fresh, smaller set
/// of users every slice touched fewer index pages per commit than the journal, and measured a cheaper workload.)
/// </summary>
internal sealed class PlainInsertKeys
{
    private readonly string[] persistenceIds;
    private readonly long[] nextSequenceNr;
    private int nextWriter;

    public PlainInsertKeys(string prefix)
    {
        persistenceIds = Enumerable.Range(0, BenchEvents.Writers)
            .Select(writer => prefix + "|" + writer.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();
        nextSequenceNr = Enumerable.Repeat(1L, BenchEvents.Writers).ToArray();
    }

    /// <summary>The next user in turn and its next sequence number.</summary>
    public (string PersistenceId, long SequenceNr) Next()
    {
        var writer = nextWriter;
        nextWriter = (nextWriter + 1) % persistenceIds.Length;
        return (persistenceIds[writer], nextSequenceNr[writer]++);
    }
}
