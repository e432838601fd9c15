using AuthActors.Runtime.Persistence;
using Microsoft.Extensions.Logging;

namespace AuthActors.Runtime.Entities;

/// <summary>
/// The persistence half of an entity shell: recovery from the latest snapshot plus the events after it, and
/// <see cref="PersistAsync"/>, which applies events to the state only once the journal has them on disk. The domain
/// rules stay outside, in pure functions the subclass calls.
/// </summary>
public abstract class EventSourcedEntity<TState> : IEntity
    where TState : class
{
    private readonly PersistenceContext _context;
    private long _lastSnapshotSequenceNr;
    private Task _snapshotSaving = Task.CompletedTask;

    /// <summary>Creates the shell for one persistence id; the state is <paramref name="emptyState"/> until recovery.</summary>
    protected EventSourcedEntity(string persistenceId, TState emptyState, PersistenceContext context)
    {
        PersistenceId = persistenceId;
        State = emptyState;
        _context = context;
    }

    /// <summary>The journal id of this entity, e.g. <c>user|alice</c>.</summary>
    public string PersistenceId { get; }

    /// <summary>The state after every durable event.</summary>
    protected TState State { get; private set; }

    /// <summary>The sequence number of the last durable event; 0 for a new entity.</summary>
    protected long LastSequenceNr { get; private set; }

    /// <summary>The entity's clock.</summary>
    protected TimeProvider Clock => _context.Clock;

    /// <summary>The state after one event; pure.</summary>
    protected abstract TState ApplyEvent(TState state, object domainEvent);

    /// <inheritdoc />
    public abstract Task<object> HandleAsync(object message, CancellationToken cancellationToken);

    /// <inheritdoc />
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var snapshot = await _context.Snapshots.LoadLatestAsync(PersistenceId, cancellationToken);
        if (snapshot is not null)
        {
            State = (TState)_context.Serializer.Deserialize(snapshot.Manifest, snapshot.Payload);
            LastSequenceNr = snapshot.SequenceNr;
            _lastSnapshotSequenceNr = snapshot.SequenceNr;
        }

        await foreach (var envelope in _context.Journal.ReadEventsAsync(PersistenceId, LastSequenceNr + 1, cancellationToken))
        {
            State = ApplyEvent(State, _context.Serializer.Deserialize(envelope.Manifest, envelope.Payload));
            LastSequenceNr = envelope.SequenceNr;
        }
    }

    /// <summary>
    /// Journals the events atomically, then applies them. Throws when the journal refuses or fails: the shell then
    /// restarts the entity, so the state in memory never runs ahead of the journal. With a fence in the context, a
    /// lost lease throws <see cref="JournalFencedException"/>: nothing is applied, the caller gets the failure, and the
    /// entity's next message (if it still reaches this node) recovers from the journal the new owner writes.
    /// </summary>
    protected async Task PersistAsync(IReadOnlyList<object> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        var now = _context.Clock.GetUtcNow();
        var envelopes = new EventEnvelope[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var (manifest, payload) = _context.Serializer.Serialize(events[i]);
            envelopes[i] = new EventEnvelope(PersistenceId, LastSequenceNr + 1 + i, manifest, payload, now, []);
        }

        await _context.Journal.AppendAsync(envelopes, _context.Fence?.Invoke(), cancellationToken);
        foreach (var domainEvent in events)
        {
            State = ApplyEvent(State, domainEvent);
        }

        LastSequenceNr += events.Count;
        StartSnapshotIfDue();
    }

    /// <inheritdoc cref="IEntity.StopAsync"/>
    public Task StopAsync() => _snapshotSaving;

    // A snapshot only shortens recovery: it is taken of the state now, on the entity's turn, and saved while the
    // reply goes out, so one request in SnapshotEvery does not wait for a second database write. At most one is
    // being saved at a time; failing to save one loses nothing, so it is logged and the next one comes
    // SnapshotEvery events later.
    private void StartSnapshotIfDue()
    {
        if (_context.SnapshotEvery <= 0 || LastSequenceNr - _lastSnapshotSequenceNr < _context.SnapshotEvery || !_snapshotSaving.IsCompleted)
        {
            return;
        }

        var (manifest, payload) = _context.Serializer.Serialize(State);
        _lastSnapshotSequenceNr = LastSequenceNr;
        _snapshotSaving = SaveSnapshotAsync(new SnapshotEnvelope(PersistenceId, LastSequenceNr, manifest, payload, _context.Clock.GetUtcNow()));
    }

    private async Task SaveSnapshotAsync(SnapshotEnvelope snapshot)
    {
        try
        {
            await _context.Snapshots.SaveAsync(snapshot, CancellationToken.None);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            _context.Logger.LogWarning(error, "Snapshot of {PersistenceId} at {SequenceNr} was not saved", PersistenceId, snapshot.SequenceNr);
        }
    }
}
