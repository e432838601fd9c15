using Akka.Configuration;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Snapshot;

namespace AuthActors.Runtime.Persistence.Plugin;

/// <summary>
/// The project's snapshot store as an Akka.Persistence plugin, over the host's <see cref="ISnapshotStore"/> and the
/// tables the runtime wrote before the move. A snapshot that no longer reads (corrupt, or of a manifest this build
/// does not know) is skipped with a warning and the one before it is offered: the user then recovers from more
/// events instead of not at all.
/// </summary>
public sealed class FencedSnapshotStore : SnapshotStore
{
    private readonly PersistenceStorageSetup _storage;
    private readonly StoredPayloads _payloads;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    /// <summary>Created by Akka.Persistence from the plugin's HOCON section.</summary>
    public FencedSnapshotStore(Config config)
    {
        _storage = PersistenceStorageSetup.Of(Context.System, nameof(FencedSnapshotStore));
        _payloads = new StoredPayloads(Context.System, config);
    }

    /// <inheritdoc />
    protected override async Task<SelectedSnapshot?> LoadAsync(
        string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken)
    {
        await foreach (var stored in _storage.Snapshots.LoadNewestFirstAsync(persistenceId, Criteria(criteria), cancellationToken))
        {
            try
            {
                var snapshot = _payloads.Read(stored.Manifest, stored.Payload);
                return new SelectedSnapshot(
                    new SnapshotMetadata(persistenceId, stored.SequenceNr, stored.Timestamp.UtcDateTime), snapshot);
            }
            catch (Exception unreadable) when (unreadable is System.Runtime.Serialization.SerializationException
                or System.Text.Json.JsonException or InvalidOperationException or NotSupportedException)
            {
                _log.Warning(
                    "Snapshot {0} of {1} ({2}) does not read, trying the one before it: {3}",
                    stored.SequenceNr, persistenceId, stored.Manifest, unreadable.Message);
            }
        }

        return null;
    }

    /// <inheritdoc />
    protected override Task SaveAsync(SnapshotMetadata metadata, object snapshot, CancellationToken cancellationToken)
    {
        var (manifest, bytes) = _payloads.Write(snapshot);
        return _storage.Snapshots.SaveAsync(
            new SnapshotEnvelope(metadata.PersistenceId, metadata.SequenceNr, manifest, bytes, _storage.Clock.GetUtcNow()),
            cancellationToken);
    }

    /// <inheritdoc />
    protected override Task DeleteAsync(SnapshotMetadata metadata, CancellationToken cancellationToken) =>
        _storage.Snapshots.DeleteAsync(metadata.PersistenceId, SnapshotCriteria.At(metadata.SequenceNr), cancellationToken);

    /// <inheritdoc />
    protected override Task DeleteAsync(
        string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken) =>
        _storage.Snapshots.DeleteAsync(persistenceId, Criteria(criteria), cancellationToken);

    private static SnapshotCriteria Criteria(SnapshotSelectionCriteria criteria) => new(
        criteria.MaxSequenceNr,
        Instant(criteria.MaxTimeStamp, DateTimeOffset.MaxValue),
        criteria.MinSequenceNr,
        Instant(criteria.MinTimestamp ?? DateTime.MinValue, DateTimeOffset.MinValue));

    // Akka uses DateTime.MinValue/MaxValue for "no bound"; anything else is a UTC instant.
    private static DateTimeOffset Instant(DateTime value, DateTimeOffset unbounded) =>
        value == DateTime.MinValue || value == DateTime.MaxValue
            ? unbounded
            : new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
