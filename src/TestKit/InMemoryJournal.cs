using System.Runtime.CompilerServices;
using AuthActors.Runtime.Cluster;
using AuthActors.Runtime.Persistence;

namespace AuthActors.TestKit;

/// <summary>
/// A journal and snapshot store in memory, for fast unit tests of entity shells. Never the only test of anything:
/// the same behaviour is tested on SQLite. <see cref="FailNextAppend"/> simulates lost storage.
/// </summary>
public sealed class InMemoryJournal : IJournal, ISnapshotStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<EventEnvelope>> _events = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SnapshotEnvelope> _snapshots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _deletedTo = new(StringComparer.Ordinal);
    private Exception? _nextAppendFailure;

    /// <summary>Events stored so far, over all writers.</summary>
    public int EventCount
    {
        get
        {
            lock (_lock)
            {
                return _events.Values.Sum(e => e.Count);
            }
        }
    }

    /// <summary>Events read by recoveries so far: shows whether a snapshot shortened one.</summary>
    public int EventsReplayed { get; private set; }

    /// <summary>Makes the next append throw <paramref name="failure"/> without storing anything.</summary>
    public void FailNextAppend(Exception failure)
    {
        lock (_lock)
        {
            _nextAppendFailure = failure;
        }
    }

    /// <summary>Decides whether a fenced append still holds its lease; by default every fence holds.</summary>
    public Func<JournalFence, bool> FenceHolds { get; set; } = _ => true;

    /// <inheritdoc />
    public Task AppendAsync(IReadOnlyList<EventEnvelope> events, CancellationToken cancellationToken) =>
        AppendAsync(events, fence: null, cancellationToken);

    /// <inheritdoc />
    public Task AppendAsync(IReadOnlyList<EventEnvelope> events, JournalFence? fence, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (fence is not null && !FenceHolds(fence))
            {
                throw new JournalFencedException(events[0].PersistenceId, fence);
            }

            if (_nextAppendFailure is { } failure)
            {
                _nextAppendFailure = null;
                throw failure;
            }

            var stored = _events.TryGetValue(events[0].PersistenceId, out var list) ? list : _events[events[0].PersistenceId] = [];
            if (stored.Count > 0 && stored[^1].SequenceNr >= events[0].SequenceNr)
            {
                throw new JournalConcurrencyException(events[0].PersistenceId, events[0].SequenceNr);
            }

            stored.AddRange(events);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<EventEnvelope> ReadEventsAsync(
        string persistenceId, long fromSequenceNr, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        EventEnvelope[] events;
        lock (_lock)
        {
            events = _events.TryGetValue(persistenceId, out var list) ? [.. list.Where(e => e.SequenceNr >= fromSequenceNr)] : [];
            EventsReplayed += events.Length;
        }

        foreach (var e in events)
        {
            await Task.Yield();
            yield return e;
        }
    }

    /// <inheritdoc />
    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var stored = _events.TryGetValue(persistenceId, out var list) && list.Count > 0 ? list[^1].SequenceNr : 0L;
            return Task.FromResult(Math.Max(stored, _deletedTo.GetValueOrDefault(persistenceId)));
        }
    }

    /// <inheritdoc />
    public Task DeleteEventsToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_events.TryGetValue(persistenceId, out var list) && list.LastOrDefault(e => e.SequenceNr <= toSequenceNr) is { } last)
            {
                _deletedTo[persistenceId] = Math.Max(_deletedTo.GetValueOrDefault(persistenceId), last.SequenceNr);
                list.RemoveAll(e => e.SequenceNr <= toSequenceNr);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task SaveAsync(SnapshotEnvelope snapshot, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _snapshots[snapshot.PersistenceId] = snapshot;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<SnapshotEnvelope?> LoadLatestAsync(string persistenceId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_snapshots.GetValueOrDefault(persistenceId));
        }
    }

    /// <inheritdoc />
    /// <remarks>Keeps only the latest snapshot of each writer, so there is never one to fall back to.</remarks>
    public async IAsyncEnumerable<SnapshotEnvelope> LoadNewestFirstAsync(
        string persistenceId, SnapshotCriteria criteria, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (await LoadLatestAsync(persistenceId, cancellationToken) is { } snapshot && Meets(snapshot, criteria))
        {
            yield return snapshot;
        }
    }

    /// <inheritdoc />
    public Task DeleteAsync(string persistenceId, SnapshotCriteria criteria, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_snapshots.TryGetValue(persistenceId, out var snapshot) && Meets(snapshot, criteria))
            {
                _snapshots.Remove(persistenceId);
            }
        }

        return Task.CompletedTask;
    }

    private static bool Meets(SnapshotEnvelope snapshot, SnapshotCriteria criteria) =>
        snapshot.SequenceNr >= criteria.MinSequenceNr && snapshot.SequenceNr <= criteria.MaxSequenceNr
        && snapshot.Timestamp >= criteria.MinTimestamp && snapshot.Timestamp <= criteria.MaxTimestamp;
}
