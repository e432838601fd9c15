using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Journal;

namespace AuthActors.Runtime.Persistence.Plugin;

/// <summary>
/// The project's journal as an Akka.Persistence plugin: appends go to the host's <see cref="IJournal"/> (group
/// commit on SQLite or PostgreSQL), each fenced by its shard's lease in the transaction that stores it, which
/// Akka.Persistence.Sql has no place for. It reads and writes the tables the runtime wrote before the move.
/// </summary>
public sealed class FencedJournal : AsyncWriteJournal
{
    private readonly PersistenceStorageSetup _storage;
    private readonly StoredPayloads _payloads;

    // Taken while the actor's context is there: replays run on after awaits, where Context is not.
    private readonly ILoggingAdapter _log = Context.GetLogger();

    /// <summary>Created by Akka.Persistence from the plugin's HOCON section.</summary>
    public FencedJournal(Config config)
    {
        _storage = PersistenceStorageSetup.Of(Context.System, nameof(FencedJournal));
        _payloads = new StoredPayloads(Context.System, config);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One call carries the writes of one persistent actor. They are stored in one append, so they commit or fail
    /// together; a payload that cannot be serialized rejects its own write and stores nothing of it, and a storage
    /// failure (a taken sequence number, a lost lease, lost storage) fails the call, which stops the actor.
    /// </remarks>
    protected override async Task<IImmutableList<Exception?>> WriteMessagesAsync(
        IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = messages.ToList();
        var results = new Exception?[writes.Count];
        var envelopes = new List<EventEnvelope>();
        var now = _storage.Clock.GetUtcNow();
        for (var i = 0; i < writes.Count; i++)
        {
            try
            {
                var serialized = ((IImmutableList<IPersistentRepresentation>)writes[i].Payload)
                    .Select(representation => Envelope(representation, now))
                    .ToList();
                envelopes.AddRange(serialized);
            }
            catch (Exception refused) when (refused is InvalidOperationException or ArgumentException
                or System.Runtime.Serialization.SerializationException or NotSupportedException)
            {
                results[i] = refused;
            }
        }

        if (envelopes.Count > 0)
        {
            var fence = _storage.FenceOf(envelopes[0].PersistenceId);
            await _storage.Journal.AppendAsync(envelopes, fence, cancellationToken);
        }

        return results.Any(r => r is not null) ? [.. results] : null!;
    }

    /// <inheritdoc />
    public override async Task ReplayMessagesAsync(
        IActorContext context,
        string persistenceId,
        long fromSequenceNr,
        long toSequenceNr,
        long max,
        Action<IPersistentRepresentation> recoveryCallback)
    {
        var replayed = 0L;
        await foreach (var stored in _storage.Journal.ReadEventsAsync(persistenceId, fromSequenceNr, CancellationToken.None))
        {
            if (stored.SequenceNr > toSequenceNr || replayed >= max)
            {
                break;
            }

            recoveryCallback(new Persistent(
                ReadOrMarkUnreadable(stored),
                stored.SequenceNr,
                persistenceId,
                stored.Manifest,
                isDeleted: false,
                ActorRefs.NoSender,
                writerGuid: null,
                timestamp: stored.Timestamp.UtcTicks));
            replayed++;
        }
    }

    /// <inheritdoc />
    public override Task<long> ReadHighestSequenceNrAsync(
        string persistenceId, long fromSequenceNr, CancellationToken cancellationToken) =>
        _storage.Journal.ReadHighestSequenceNrAsync(persistenceId, cancellationToken);

    /// <inheritdoc />
    protected override Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) =>
        _storage.Journal.DeleteEventsToAsync(persistenceId, toSequenceNr, cancellationToken);

    private object ReadOrMarkUnreadable(EventEnvelope stored)
    {
        try
        {
            return _payloads.Read(stored.Manifest, stored.Payload);
        }
        catch (Exception unreadable) when (unreadable is System.Runtime.Serialization.SerializationException
            or System.Text.Json.JsonException or NotSupportedException)
        {
            _log.Error(
                "Event {0} of {1} ({2}) does not read: {3}", stored.SequenceNr, stored.PersistenceId, stored.Manifest, unreadable.Message);
            return new UnreadableEvent(stored.Manifest, stored.SequenceNr, unreadable.Message);
        }
    }

    private EventEnvelope Envelope(IPersistentRepresentation representation, DateTimeOffset now)
    {
        var (payload, tags) = representation.Payload is Tagged tagged
            ? (tagged.Payload, (IReadOnlyList<string>)[.. tagged.Tags])
            : (representation.Payload, []);
        var (manifest, bytes) = _payloads.Write(payload);
        return new EventEnvelope(representation.PersistenceId, representation.SequenceNr, manifest, bytes, now, tags);
    }
}
