namespace AuthActors.Runtime.Persistence.Sqlite;

/// <summary>Where the SQLite database lives and how the journal writer groups appends into transactions.</summary>
public sealed class SqliteStorageOptions
{
    /// <summary>Path of the database file; its directory is created when missing.</summary>
    public string DatabasePath { get; set; } = "";

    /// <summary>
    /// Most append calls written in one transaction. Larger batches amortise the fsync of a commit over more
    /// events; smaller ones bound how long one commit holds the write lock.
    /// </summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>How long a connection waits for another connection's write lock before it fails.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Most append calls waiting for the writer. When full, callers wait for room (or their cancellation),
    /// so a slow disk pushes back on writers instead of growing memory without bound.
    /// </summary>
    public int MaxQueuedAppends { get; set; } = 4096;

    /// <summary>
    /// How often the write-ahead log is copied back into the database file while the journal writes, off the
    /// writer's thread (<see cref="WalCheckpointer"/>). Longer copies hot pages less often and lets the log grow
    /// more between copies.
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A copy, so that changing the caller's instance later cannot change a running store.</summary>
    internal SqliteStorageOptions Validated()
    {
        if (string.IsNullOrWhiteSpace(DatabasePath))
        {
            throw new ArgumentException("a database path is required", nameof(DatabasePath));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1, nameof(MaxBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxQueuedAppends, 1, nameof(MaxQueuedAppends));
        ArgumentOutOfRangeException.ThrowIfLessThan(BusyTimeout, TimeSpan.Zero, nameof(BusyTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CheckpointInterval, TimeSpan.Zero, nameof(CheckpointInterval));
        return new SqliteStorageOptions
        {
            DatabasePath = Path.GetFullPath(DatabasePath),
            MaxBatchSize = MaxBatchSize,
            BusyTimeout = BusyTimeout,
            MaxQueuedAppends = MaxQueuedAppends,
            CheckpointInterval = CheckpointInterval,
        };
    }
}
