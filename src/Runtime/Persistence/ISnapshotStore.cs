namespace AuthActors.Runtime.Persistence;

/// <summary>Stores the latest states of writers so that recovery need not replay whole histories.</summary>
public interface ISnapshotStore
{
    /// <summary>Saves a snapshot; a later one for the same writer supersedes it.</summary>
    Task SaveAsync(SnapshotEnvelope snapshot, CancellationToken cancellationToken);

    /// <summary>The snapshot with the highest sequence number for a writer, or null.</summary>
    Task<SnapshotEnvelope?> LoadLatestAsync(string persistenceId, CancellationToken cancellationToken);
}
