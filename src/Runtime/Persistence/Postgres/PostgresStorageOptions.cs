using Npgsql;

namespace AuthActors.Runtime.Persistence.Postgres;

/// <summary>Which PostgreSQL server holds the journal and how the journal writer groups appends into transactions.</summary>
public sealed class PostgresStorageOptions
{
    /// <summary>An Npgsql connection string (<c>Host=...;Port=...;Database=...;Username=...;Password=...</c>).</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Most append calls written in one transaction; as on SQLite, one commit (and its WAL flush) per batch.</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>Most append calls waiting for the writer; when full, callers wait for room or their cancellation.</summary>
    public int MaxQueuedAppends { get; set; } = 4096;

    /// <summary>
    /// How long opening keeps retrying (with backoff) while the server is unreachable before it gives up with a
    /// clear error. Nodes and database often start together, so the first refusal is not yet a failure.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Longest wait of any statement for a row lock (the server's <c>lock_timeout</c>). A takeover waits for the share
    /// locks of the former owner's batch in flight, and a fenced batch for a takeover in flight; bounded, a blocked
    /// acquire counts as "not acquired now" and is tried again, instead of stalling its caller for ever.
    /// </summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long the server lets a session sit idle inside a transaction before it ends the session (the server's
    /// <c>idle_in_transaction_session_timeout</c>): a frozen or partitioned writer's transaction, and the share locks
    /// it holds on lease rows, last no longer than this, so the shard can be taken over.
    /// </summary>
    public TimeSpan IdleInTransactionTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Where the server is, for logs and errors: host, port and database, never the password.
    /// </summary>
    public string Describe()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"PostgreSQL at {builder.Host}:{builder.Port}, database '{builder.Database ?? builder.Username}'";
    }

    /// <summary>A copy, so that changing the caller's instance later cannot change a running store.</summary>
    internal PostgresStorageOptions Validated()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new ArgumentException(
                "a PostgreSQL connection string is required (storage.postgres.connection-string or AUTHACTORS_POSTGRES)",
                nameof(ConnectionString));
        }

        _ = new NpgsqlConnectionStringBuilder(ConnectionString);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1, nameof(MaxBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxQueuedAppends, 1, nameof(MaxQueuedAppends));
        ArgumentOutOfRangeException.ThrowIfLessThan(ConnectTimeout, TimeSpan.Zero, nameof(ConnectTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(LockTimeout, TimeSpan.FromMilliseconds(1), nameof(LockTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(IdleInTransactionTimeout, TimeSpan.FromMilliseconds(1), nameof(IdleInTransactionTimeout));
        return new PostgresStorageOptions
        {
            ConnectionString = ConnectionString,
            MaxBatchSize = MaxBatchSize,
            MaxQueuedAppends = MaxQueuedAppends,
            ConnectTimeout = ConnectTimeout,
            LockTimeout = LockTimeout,
            IdleInTransactionTimeout = IdleInTransactionTimeout,
        };
    }
}
