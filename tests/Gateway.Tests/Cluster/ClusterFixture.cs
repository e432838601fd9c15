using AuthActors.Node.Hosting;
using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Cluster;

/// <summary>
/// Three node processes and a gateway in cluster mode, on one machine: they share a data directory (one SQLite file)
/// or a PostgreSQL database, the pepper and the token key. Each test class gets its own cluster; tests use their own
/// user ids. The test reads the lease table and the journal through the same storage code the processes use.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    /// <summary>Few shards, so that a handful of users lands on every node.</summary>
    public const int ShardCount = 30;

    private readonly TemporaryDirectory _data = new();

    public List<NodeProcess> Nodes { get; } = [];

    public GatewayProcess Gateway { get; private set; } = null!;

    public NodeStorage Storage { get; private set; } = null!;

    public Dictionary<string, string> Settings { get; } = new()
    {
        ["AUTHACTORS_USERS__HASHING__ITERATIONS"] = "1000",
        ["AUTHACTORS_PEPPER"] = Convert.ToBase64String(new byte[32]),
        ["AUTHACTORS_TOKEN_KEY"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
        ["AUTHACTORS_SHARDING__SHARD_COUNT"] = ShardCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public string DataDirectory => _data.Path;

    /// <summary>
    /// Whether a write could start on the shared database now. A process frozen inside a SQLite write transaction
    /// holds the file's write lock and stops every other process's heartbeats and leases until it runs again (the
    /// documented limit of one machine's SQLite); PostgreSQL has no such lock.
    /// </summary>
    public async Task<bool> DatabaseWritableAsync()
    {
        if (Settings.ContainsKey("AUTHACTORS_STORAGE"))
        {
            return true;
        }

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_data.Path, "authactors.db")};Mode=ReadWrite;Pooling=False");
        await connection.OpenAsync();
        await using var probe = connection.CreateCommand();
        probe.CommandText = "PRAGMA busy_timeout = 200; BEGIN IMMEDIATE; ROLLBACK;";
        probe.CommandTimeout = 1;
        try
        {
            await probe.ExecuteNonQueryAsync();
            return true;
        }
        catch (Microsoft.Data.Sqlite.SqliteException busy) when (busy.SqliteErrorCode is 5 or 6)
        {
            return false;
        }
    }

    /// <summary>Where the cluster keeps its data; SQLite in the shared data directory unless a subclass says otherwise.</summary>
    protected virtual Task<StorageOptions> StorageAsync() => Task.FromResult(new StorageOptions());

    public virtual async ValueTask InitializeAsync()
    {
        var storage = await StorageAsync();
        if (storage.Kind == "postgres")
        {
            Settings["AUTHACTORS_STORAGE"] = "postgres";
            Settings["AUTHACTORS_POSTGRES"] = storage.Postgres.ConnectionString;
        }

        // The first start creates the schema and the signing key; the rest start together.
        Nodes.Add(await NodeProcess.StartAsync("node-1", _data.Path, Settings));
        Nodes.AddRange(await Task.WhenAll(NodeProcess.StartAsync("node-2", _data.Path, Settings), NodeProcess.StartAsync("node-3", _data.Path, Settings)));
        Gateway = await GatewayProcess.StartAsync(_data.Path, new Dictionary<string, string>(Settings) { ["AUTHACTORS_GATEWAY__MODE"] = "cluster" });
        Storage = await NodeStorage.OpenAsync(storage, _data.Path, TestContext.Current.CancellationToken);
        await Eventually.ConditionAsync(async () => (await OwnersAsync()).Count == 3, "every node owns shards");
    }

    public virtual async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }

        await Storage.DisposeAsync();
        _data.Dispose();
        GC.SuppressFinalize(this);
    }

    public Task<LineClient> ConnectAsync() => LineClient.ConnectAsync(Gateway.Port);

    /// <summary>The live lease owners (node names) and how many shards each holds.</summary>
    public async Task<Dictionary<string, int>> OwnersAsync()
    {
        var leases = await Storage.ShardLeases.ReadAllAsync("user", TestContext.Current.CancellationToken);
        return leases.Live.GroupBy(l => l.Owner.Node).ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>The node that holds the shard of <paramref name="userId"/> now, or null.</summary>
    public async Task<string?> OwnerOfAsync(string userId)
    {
        var shard = Runtime.Sharding.ShardId.Of(userId, ShardCount);
        var leases = await Storage.ShardLeases.ReadAllAsync("user", TestContext.Current.CancellationToken);
        return leases.Live.SingleOrDefault(l => l.Shard == shard)?.Owner.Node;
    }

    /// <summary>The manifests of a user's journalled events, in sequence order (gaps or repeats would fail the read).</summary>
    public async Task<List<string>> HistoryOfAsync(string userId)
    {
        var manifests = new List<string>();
        var expected = 1L;
        await foreach (var envelope in Storage.Journal.ReadEventsAsync("user|" + userId, 1, TestContext.Current.CancellationToken))
        {
            envelope.SequenceNr.ShouldBe(expected++);
            manifests.Add(envelope.Manifest);
        }

        return manifests;
    }
}

/// <summary>The same cluster on PostgreSQL: a database of the class's own on the shared test server.</summary>
public class PostgresClusterFixture : ClusterFixture
{
    private PostgresServer _server = null!;
    private string _connectionString = "";

    protected override async Task<StorageOptions> StorageAsync()
    {
        _server = await PostgresServer.SharedAsync();
        _connectionString = await _server.CreateDatabaseAsync("cluster");
        return new StorageOptions { Kind = "postgres", Postgres = new StorageOptions.PostgresSection { ConnectionString = _connectionString } };
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _server.DropDatabaseAsync(_connectionString);
    }
}
