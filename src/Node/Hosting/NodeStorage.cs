using AuthActors.Runtime.Persistence;
using AuthActors.Runtime.Persistence.Sqlite;

namespace AuthActors.Node.Hosting;

/// <summary>The opened journal, snapshot store and signing-key store of a node. Disposing flushes every acknowledged-to-be append.</summary>
public sealed class NodeStorage : IAsyncDisposable
{
    private readonly SqliteJournal _journal;

    private NodeStorage(SqliteJournal journal, ISnapshotStore snapshots, ISigningKeyStore signingKeys, string location)
    {
        _journal = journal;
        Snapshots = snapshots;
        SigningKeys = signingKeys;
        Location = location;
    }

    /// <summary>The event journal.</summary>
    public IJournal Journal => _journal;

    /// <summary>The journal read in commit order, for projections.</summary>
    public IEventLog EventLog => _journal;

    /// <summary>The snapshot store.</summary>
    public ISnapshotStore Snapshots { get; }

    /// <summary>The token-signing keys all nodes share, in the same database.</summary>
    public ISigningKeyStore SigningKeys { get; }

    /// <summary>Where the data is, for the start-up log line.</summary>
    public string Location { get; }

    /// <summary>Opens (and migrates) the configured database.</summary>
    public static async Task<NodeStorage> OpenAsync(StorageOptions options, string dataDirectory, CancellationToken cancellationToken)
    {
        if (!string.Equals(options.Kind, "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"storage.kind '{options.Kind}' is not supported; use 'sqlite'");
        }

        var path = Path.Combine(dataDirectory, options.Sqlite.File);
        var database = await SqliteDatabase.OpenAsync(
            new SqliteStorageOptions
            {
                DatabasePath = path,
                MaxBatchSize = options.Sqlite.MaxBatchSize,
                BusyTimeout = options.Sqlite.BusyTimeout,
            },
            cancellationToken);
        return new NodeStorage(
            new SqliteJournal(database), new SqliteSnapshotStore(database), new SqliteSigningKeyStore(database), path);
    }

    /// <summary>Writes whatever is queued, then closes.</summary>
    public ValueTask DisposeAsync() => _journal.DisposeAsync();
}
