namespace AuthActors.Runtime.Persistence;

/// <summary>
/// Which snapshots of one writer a load or delete concerns: sequence numbers and timestamps, both bounds inclusive
/// (Akka.Persistence's <c>SnapshotSelectionCriteria</c> in the storage's own terms).
/// </summary>
public sealed record SnapshotCriteria(
    long MaxSequenceNr,
    DateTimeOffset MaxTimestamp,
    long MinSequenceNr,
    DateTimeOffset MinTimestamp)
{
    /// <summary>Every snapshot of the writer.</summary>
    public static readonly SnapshotCriteria All = new(long.MaxValue, DateTimeOffset.MaxValue, 0, DateTimeOffset.MinValue);

    /// <summary>Exactly the snapshot at <paramref name="sequenceNr"/>.</summary>
    public static SnapshotCriteria At(long sequenceNr) =>
        new(sequenceNr, DateTimeOffset.MaxValue, sequenceNr, DateTimeOffset.MinValue);
}
