namespace AuthActors.Runtime.Persistence;

/// <summary>Stores the latest states of writers so that recovery need not replay whole histories.</summary>
public interface ISnapshotStore
{
    /// <summary>Saves a snapshot; a later one for the same writer supersedes it.</summary>
    Task SaveAsync(SnapshotEnvelope snapshot, CancellationToken cancellationToken);

    /// <summary>The snapshot with the highest sequence number for a writer, or null.</summary>
    Task<SnapshotEnvelope?> LoadLatestAsync(string persistenceId, CancellationToken cancellationToken);

    /// <summary>
    /// The writer's stored snapshots that meet <paramref name="criteria"/>, newest first: recovery takes the first
    /// that still reads, so a bad latest snapshot falls back to the one before it.
    /// </summary>
    IAsyncEnumerable<SnapshotEnvelope> LoadNewestFirstAsync(
        string persistenceId, SnapshotCriteria criteria, CancellationToken cancellationToken);

    /// <summary>Deletes the writer's snapshots that meet <paramref name="criteria"/>.</summary>
    Task DeleteAsync(string persistenceId, SnapshotCriteria criteria, CancellationToken cancellationToken);
}
