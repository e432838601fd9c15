using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using AuthActors.Runtime.Cluster;
using AuthActors.Runtime.Persistence;
using AuthActors.Runtime.Persistence.Plugin;
using AuthActors.Runtime.Persistence.Postgres;
using AuthActors.Runtime.Persistence.Sqlite;
using AuthActors.TestKit;
using Microsoft.Data.Sqlite;

namespace AuthActors.Actors.Tests.Persistence;

/// <summary>The project's fenced journal plugin, over the runtime's storage on one backend.</summary>
public abstract class FencedPlugin : PluginUnderTest
{
    private static readonly Config PluginConfig = ProductHocon.Akka();

    private static readonly Config TestPrefixes = ConfigurationFactory.ParseString("""
        akka.persistence.journal.authactors.serializers-by-manifest-prefix { "test." = test-notes }
        akka.persistence.snapshot-store.authactors.serializers-by-manifest-prefix { "test." = test-notes }
        """);

    /// <summary>The journal the plugin is handed (tests also append to it directly, as the old runtime did).</summary>
    public IJournal Journal { get; protected set; } = null!;

    /// <summary>The snapshot store the plugin is handed.</summary>
    public ISnapshotStore Snapshots { get; protected set; } = null!;

    /// <summary>The members table of the same database (a lease's owner must be a live member).</summary>
    public IMembershipStore Members { get; protected set; } = null!;

    /// <summary>The shard-lease table of the same database.</summary>
    public IShardLeaseStore Leases { get; protected set; } = null!;

    /// <summary>The lease each persistence id's appends must hold; none unless a test sets one.</summary>
    public Dictionary<string, JournalFence> Fences { get; } = new(StringComparer.Ordinal);

    public override ActorSystemSetup Setup() => BootstrapSetup.Create()
        .WithConfig(TestPrefixes.WithFallback(Common).WithFallback(PluginConfig))
        .And(new PersistenceStorageSetup(Journal, Snapshots, TimeProvider.System, FenceOf));

    private JournalFence? FenceOf(string persistenceId)
    {
        lock (Fences)
        {
            return Fences.GetValueOrDefault(persistenceId);
        }
    }
}

/// <summary>The fenced plugin on SQLite, in a temporary directory of the test class's own.</summary>
public sealed class FencedPluginOnSqlite : FencedPlugin
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "authactors-plugin-" + Guid.NewGuid().ToString("N"));
    private SqliteJournal? _journal;

    public override async Task InitializeAsync()
    {
        var database = await SqliteDatabase.OpenAsync(
            new SqliteStorageOptions { DatabasePath = Path.Combine(_root, "data", "journal.db") }, CancellationToken.None);
        _journal = new SqliteJournal(database);
        Journal = _journal;
        Snapshots = new SqliteSnapshotStore(database, _journal);
        Members = new SqliteMembershipStore(database);
        Leases = new SqliteShardLeaseStore(database);
    }

    public override async Task DisposeAsync()
    {
        if (_journal is not null)
        {
            await _journal.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}

/// <summary>The fenced plugin on PostgreSQL, in a fresh database of the test class's own on the shared test server.</summary>
public sealed class FencedPluginOnPostgres : FencedPlugin
{
    private PostgresServer? _server;
    private string _connectionString = "";
    private PostgresDatabase? _database;
    private PostgresJournal? _journal;

    public override async Task InitializeAsync()
    {
        _server = await PostgresServer.SharedAsync();
        _connectionString = await _server.CreateDatabaseAsync("plugin");
        _database = await PostgresDatabase.OpenAsync(
            new PostgresStorageOptions { ConnectionString = _connectionString }, CancellationToken.None);
        _journal = new PostgresJournal(_database);
        Journal = _journal;
        Snapshots = new PostgresSnapshotStore(_database);
        Members = new PostgresMembershipStore(_database);
        Leases = new PostgresShardLeaseStore(_database);
    }

    public override async Task DisposeAsync()
    {
        if (_journal is not null)
        {
            await _journal.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DropDatabaseAsync(_connectionString);
        }
    }
}
