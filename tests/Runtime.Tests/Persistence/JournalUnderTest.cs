using AuthActors.Runtime.Cluster;
using AuthActors.Runtime.Persistence;

namespace AuthActors.Runtime.Tests.Persistence;

/// <summary>A backend's journal as the conformance suite uses it: the interface, its counters, and dispose (flush).</summary>
public sealed class JournalUnderTest(IJournal journal, Func<long> batches, Func<long> events) : IJournal, IEventLog, IAsyncDisposable
{
    /// <summary>Transactions committed so far.</summary>
    public long AppendedBatches => batches();

    /// <summary>Events committed so far.</summary>
    public long AppendedEvents => events();

    public Task AppendAsync(IReadOnlyList<EventEnvelope> events, CancellationToken cancellationToken) =>
        journal.AppendAsync(events, cancellationToken);

    public Task AppendAsync(IReadOnlyList<EventEnvelope> events, JournalFence? fence, CancellationToken cancellationToken) =>
        journal.AppendAsync(events, fence, cancellationToken);

    public IAsyncEnumerable<EventEnvelope> ReadEventsAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken) =>
        journal.ReadEventsAsync(persistenceId, fromSequenceNr, cancellationToken);

    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken) =>
        journal.ReadHighestSequenceNrAsync(persistenceId, cancellationToken);

    public Task DeleteEventsToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) =>
        journal.DeleteEventsToAsync(persistenceId, toSequenceNr, cancellationToken);

    public IAsyncEnumerable<EventEnvelope> ReadAllAsync(long afterOrdering, int limit, CancellationToken cancellationToken) =>
        ((IEventLog)journal).ReadAllAsync(afterOrdering, limit, cancellationToken);

    public ValueTask DisposeAsync() => ((IAsyncDisposable)journal).DisposeAsync();
}
