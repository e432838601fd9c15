using AuthActors.Runtime.Cluster;

namespace AuthActors.Runtime.Persistence;

/// <summary>
/// The append-only event store. Appends from many writers may be batched into one transaction,
/// but each <see cref="AppendAsync"/> call succeeds or fails on its own.
/// </summary>
public interface IJournal
{
    /// <summary>
    /// Durably stores the events of one writer, atomically. The events must share one persistence id and carry
    /// consecutive sequence numbers. Completes only once the events are on disk.
    /// </summary>
    /// <exception cref="JournalConcurrencyException">A sequence number is already taken: another writer won.</exception>
    Task AppendAsync(IReadOnlyList<EventEnvelope> events, CancellationToken cancellationToken) =>
        AppendAsync(events, fence: null, cancellationToken);

    /// <summary>
    /// As <see cref="AppendAsync(IReadOnlyList{EventEnvelope}, CancellationToken)"/>; with a <paramref name="fence"/>,
    /// the transaction that stores the events also checks that the shard's lease is still held by the fence's owner
    /// at its epoch, so a former owner can never append after a takeover. Other appends of the batch are unaffected.
    /// </summary>
    /// <exception cref="JournalConcurrencyException">A sequence number is already taken: another writer won.</exception>
    /// <exception cref="JournalFencedException">The fence's lease is no longer held: nothing was stored.</exception>
    Task AppendAsync(IReadOnlyList<EventEnvelope> events, JournalFence? fence, CancellationToken cancellationToken);

    /// <summary>Reads one writer's events with <c>sequence_nr &gt;= fromSequenceNr</c>, in order.</summary>
    IAsyncEnumerable<EventEnvelope> ReadEventsAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken);

    /// <summary>
    /// The highest sequence number a writer has used, or 0 when it has none; deleting events never lowers it, so a
    /// writer never reuses a number.
    /// </summary>
    Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes a writer's events up to and including <paramref name="toSequenceNr"/> (no further than its highest),
    /// remembering the highest number deleted so that <see cref="ReadHighestSequenceNrAsync"/> stays where it was.
    /// </summary>
    Task DeleteEventsToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken);
}
