using AuthActors.Runtime.Cluster;
using AuthActors.Runtime.Persistence;
using AuthActors.Runtime.Persistence.Postgres;
using AuthActors.Runtime.Persistence.Sqlite;

namespace AuthActors.Node.Hosting;

/// <summary>The opened journal, snapshot store and signing-key store of a node. Disposing flushes every acknowledged-to-be append.</summary>
public sealed class NodeStorage : IAsyncDisposable
{
    private readonly IJournal _journal;
    private readonly Func<ValueTask> _close;
    private readonly Func<CancellationToken, Task> _ping;

    private NodeStorage(
        IJournal journal,
        IEventLog eventLog,
        ISnapshotStore snapshots,
        ISigningKeyStore signingKeys,
        (IMembershipStore Members, IShardLeaseStore Leases) cluster,
        string location,
        Func<CancellationToken, Task> ping,
        Func<ValueTask> close)
    {
        _ping = ping;
        _journal = journal;
        EventLog = eventLog;
        Membership = cluster.Members;
        ShardLeases = cluster.Leases;
        _close = close;
        Snapshots = snapshots;
        SigningKeys = signingKeys;
        Location = location;
    }

    /// <summary>The event journal.</summary>
    public IJournal Journal => _journal;

    /// <summary>The journal read in commit order, for projections.</summary>
    public IEventLog EventLog { get; }

    /// <summary>The members table of the cluster.</summary>
    public IMembershipStore Membership { get; }

    /// <summary>The shard-lease table of the cluster.</summary>
    public IShardLeaseStore ShardLeases { get; }

    /// <summary>The snapshot store.</summary>
    public ISnapshotStore Snapshots { get; }

    /// <summary>The token-signing keys all nodes share, in the same database.</summary>
    public ISigningKeyStore SigningKeys { get; }

    /// <summary>Where the data is, for the start-up log line.</summary>
    public string Location { get; }

    /// <summary>Opens (and migrates) the configured database: <c>storage.kind</c> is <c>sqlite</c> or <c>postgres</c>.</summary>
    /// <exception cref="StorageUnavailableException">PostgreSQL stayed unreachable for <c>storage.postgres.connect-timeout</c>.</exception>
    public static async Task<NodeStorage> OpenAsync(StorageOptions options, string dataDirectory, CancellationToken cancellationToken)
    {
        if (string.Equals(options.Kind, "postgres", StringComparison.OrdinalIgnoreCase))
        {
            return await OpenPostgresAsync(options.Postgres, cancellationToken);
        }

        if (!string.Equals(options.Kind, "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"storage.kind '{options.Kind}' is not supported; use 'sqlite' or 'postgres'");
        }

        var path = Path.Combine(dataDirectory, options.Sqlite.File);
        var database = await SqliteDatabase.OpenAsync(
            new SqliteStorageOptions
            {
                DatabasePath = path,
                MaxBatchSize = options.Sqlite.MaxBatchSize,
                BusyTimeout = options.Sqlite.BusyTimeout,
                CheckpointInterval = options.Sqlite.CheckpointInterval,
            },
            cancellationToken);
        var journal = new SqliteJournal(database);
        return new NodeStorage(
            journal,
            journal,
            new SqliteSnapshotStore(database, journal),
            new SqliteSigningKeyStore(database),
            (new SqliteMembershipStore(database), new SqliteShardLeaseStore(database)),
            path,
            async token =>
            {
                await using var connection = await database.OpenConnectionAsync(token);
                await PingAsync(connection, token);
            },
            journal.DisposeAsync);
    }

    /// <summary>
    /// Reads from the database once (a readiness probe); throws <see cref="StorageUnavailableException"/> or the
    /// driver's exception when it cannot.
    /// </summary>
    public Task CheckReachableAsync(CancellationToken cancellationToken) => _ping(cancellationToken);

    /// <summary>Writes whatever is queued, then closes.</summary>
    public ValueTask DisposeAsync() => _close();

    // A read of the migrations table: the file or server is there, readable, and has our schema.
    private static async Task PingAsync(System.Data.Common.DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT max(version) FROM schema_version";
        _ = await command.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task<NodeStorage> OpenPostgresAsync(StorageOptions.PostgresSection options, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException(
                "storage.kind is 'postgres' but no connection string is set: set AUTHACTORS_POSTGRES (or storage.postgres.connection-string)");
        }

        var database = await PostgresDatabase.OpenAsync(
            new PostgresStorageOptions
            {
                ConnectionString = options.ConnectionString,
                MaxBatchSize = options.MaxBatchSize,
                ConnectTimeout = options.ConnectTimeout,
                LockTimeout = options.LockTimeout,
                IdleInTransactionTimeout = options.IdleInTransactionTimeout,
            },
            cancellationToken);
        var journal = new PostgresJournal(database);
        var cluster = ((IMembershipStore)new PostgresMembershipStore(database), (IShardLeaseStore)new PostgresShardLeaseStore(database));
        return new NodeStorage(journal, journal, new PostgresSnapshotStore(database), new PostgresSigningKeyStore(database), cluster, database.Location, async token =>
        {
            await using var connection = await database.OpenConnectionAsync(token);
            await PingAsync(connection, token);
        }, async () =>
        {
            await journal.DisposeAsync();
            await database.DisposeAsync();
        });
    }
}
