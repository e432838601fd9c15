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
    Task AppendAsync(IReadOnlyList<EventEnvelope> events, CancellationToken cancellationToken);

    /// <summary>Reads one writer's events with <c>sequence_nr &gt;= fromSequenceNr</c>, in order.</summary>
    IAsyncEnumerable<EventEnvelope> ReadEventsAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken);

    /// <summary>The highest stored sequence number of a writer, or 0 when it has none.</summary>
    Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken);
}
