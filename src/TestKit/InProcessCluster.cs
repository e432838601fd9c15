using System.Globalization;
using AuthActors.Gateway.Hosting;
using AuthActors.Node.Hosting;
using AuthActors.Runtime.Sharding;

namespace AuthActors.TestKit;

/// <summary>
/// Nodes and gateways (cluster mode) as hosts inside the test process, each on its own free loopback ports, sharing
/// one SQLite file in a temporary directory or one PostgreSQL database, the pepper and the token key. Cheaper than
/// <see cref="NodeProcess"/> clusters and open to inspection (a node's region and leases), with short cluster
/// timings. A kill here stops a host without leaving or handing off; the process-level crashes (kill -9, SIGSTOP)
/// stay with the process fixtures.
/// </summary>
public sealed class InProcessCluster : IAsyncDisposable
{
    private readonly TemporaryDirectory _data = new();
    private readonly List<InProcessHost> _nodes = [];
    private readonly List<InProcessHost> _gateways = [];
    private NodeStorage? _storage;

    private InProcessCluster(int shardCount, StorageOptions storageOptions, IReadOnlyDictionary<string, string>? settings)
    {
        ShardCount = shardCount;
        StorageOptions = storageOptions;
        Variables = new Dictionary<string, string>
        {
            ["AUTHACTORS_CONFIG"] = Path.Combine(RepositoryLayout.Root, "hocon"),
            ["AUTHACTORS_DATA"] = _data.Path,
            ["AUTHACTORS_PEPPER"] = Convert.ToBase64String(new byte[32]),
            ["AUTHACTORS_TOKEN_KEY"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
            ["AUTHACTORS_USERS__HASHING__ITERATIONS"] = "1000",
            ["AUTHACTORS_SHARDING__SHARD_COUNT"] = shardCount.ToString(CultureInfo.InvariantCulture),
            ["AUTHACTORS_CLUSTER__TRANSPORT__PORT"] = "0",
            ["AUTHACTORS_NODE__ADMIN__PORT"] = "0",
            // Short, so that joins, hand-offs and failovers take a fraction of the defaults; down-after stays eight
            // heartbeats, so a test process on a loaded machine does not down its own nodes.
            ["AUTHACTORS_CLUSTER__HEARTBEAT_INTERVAL"] = "250ms",
            ["AUTHACTORS_CLUSTER__DOWN_AFTER"] = "2s",
            ["AUTHACTORS_CLUSTER__LEASE_TTL"] = "4s",
            ["AUTHACTORS_CLUSTER__LEASE_RENEW_EVERY"] = "1s",
        };
        if (storageOptions.Kind == "postgres")
        {
            Variables["AUTHACTORS_STORAGE"] = "postgres";
            Variables["AUTHACTORS_POSTGRES"] = storageOptions.Postgres.ConnectionString;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            Variables[key] = value;
        }
    }

    /// <summary>The number of shards (few, so that a handful of users lands on every node).</summary>
    public int ShardCount { get; }

    /// <summary>Where the cluster keeps its data.</summary>
    public StorageOptions StorageOptions { get; }

    /// <summary>The variables every host gets (as its environment would be); each adds its name and role.</summary>
    public Dictionary<string, string> Variables { get; }

    /// <summary>The shared data directory.</summary>
    public string DataDirectory => _data.Path;

    /// <summary>The nodes started so far, stopped ones included, in start order.</summary>
    public IReadOnlyList<InProcessHost> Nodes => _nodes;

    /// <summary>The gateways.</summary>
    public IReadOnlyList<InProcessHost> Gateways => _gateways;

    /// <summary>The cluster's database, opened by the test to read leases and journals.</summary>
    public NodeStorage Storage => _storage ?? throw new InvalidOperationException("the cluster has not started");

    /// <summary>
    /// Starts <paramref name="nodes"/> nodes, then <paramref name="gateways"/> gateways, and waits until every node
    /// holds shards. <paramref name="postgresConnectionString"/>: a database to share instead of a SQLite file.
    /// <paramref name="settings"/>: more variables, e.g. <c>AUTHACTORS_ENTITIES__ASK_TIMEOUT</c>.
    /// </summary>
    public static async Task<InProcessCluster> StartAsync(
        int nodes,
        int gateways = 1,
        string? postgresConnectionString = null,
        int shardCount = 30,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(gateways, 0);
        var storage = postgresConnectionString is null
            ? new StorageOptions()
            : new StorageOptions { Kind = "postgres", Postgres = new StorageOptions.PostgresSection { ConnectionString = postgresConnectionString } };
        var cluster = new InProcessCluster(shardCount, storage, settings);
        try
        {
            // The first start creates the schema and the signing key; the rest start together.
            await cluster.StartNodeAsync("node-1");
            await Task.WhenAll(Enumerable.Range(2, nodes - 1).Select(i => cluster.StartNodeAsync($"node-{i}")));
            cluster._storage = await NodeStorage.OpenAsync(storage, cluster._data.Path, CancellationToken.None);
            for (var i = 1; i <= gateways; i++)
            {
                await cluster.StartGatewayAsync($"gateway-{i}");
            }

            await Eventually.ConditionAsync(
                async () => (await cluster.OwnersAsync()).Count == nodes,
                $"every node holds shards\n{cluster.Logs()}");
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a node named <paramref name="name"/> (a join, when the cluster runs); returns once it has joined.</summary>
    public async Task<InProcessHost> StartNodeAsync(string name)
    {
        var host = await StartHostAsync(name, NodeHost.StartAsync, new Dictionary<string, string>());
        lock (_nodes)
        {
            _nodes.Add(host);
        }

        return host;
    }

    /// <summary>Starts a gateway in cluster mode named <paramref name="name"/>; returns once its ports listen.</summary>
    public async Task<InProcessHost> StartGatewayAsync(string name)
    {
        var host = await StartHostAsync(name, GatewayHost.StartAsync, new Dictionary<string, string>
        {
            ["AUTHACTORS_GATEWAY__MODE"] = "cluster",
            ["AUTHACTORS_GATEWAY__TCP__PORT"] = "0",
            ["AUTHACTORS_GATEWAY__SESSION__PORT"] = "0",
            ["AUTHACTORS_GATEWAY__HTTP__PORT"] = "0",
        });
        _gateways.Add(host);
        return host;
    }

    /// <summary>The node named <paramref name="name"/>.</summary>
    public InProcessHost Node(string name) => _nodes.Single(n => n.Name == name);

    /// <summary>The live lease owners (node names) and how many shards each holds.</summary>
    public async Task<Dictionary<string, int>> OwnersAsync()
    {
        var leases = await Storage.ShardLeases.ReadAllAsync("user", CancellationToken.None);
        return leases.Live.GroupBy(l => l.Owner.Node).ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>The node holding the shard of <paramref name="userId"/> now, by the lease table, or null.</summary>
    public async Task<string?> OwnerOfAsync(string userId)
    {
        var shard = ShardId.Of(userId, ShardCount);
        var leases = await Storage.ShardLeases.ReadAllAsync("user", CancellationToken.None);
        return leases.Live.SingleOrDefault(l => l.Shard == shard)?.Owner.Node;
    }

    /// <summary>Every host's log, for a failure message.</summary>
    public string Logs()
    {
        InProcessHost[] hosts;
        lock (_nodes)
        {
            hosts = [.. _nodes, .. _gateways];
        }

        return string.Join("\n", hosts.Select(h => $"--- {h.Name}\n{h.Log.Text}"));
    }

    /// <summary>Kills every host still running (the test is over: no hand-off needed), then closes the database and deletes the data.</summary>
    public async ValueTask DisposeAsync()
    {
        InProcessHost[] hosts;
        lock (_nodes)
        {
            hosts = [.. _gateways, .. _nodes];
        }

        await Task.WhenAll(hosts.Select(h => h.KillAsync()));
        if (_storage is not null)
        {
            await _storage.DisposeAsync();
        }

        _data.Dispose();
    }

    private async Task<InProcessHost> StartHostAsync(
        string name, Func<HostStart, CancellationToken, Task<RunningHost>> start, Dictionary<string, string> role)
    {
        var variables = new Dictionary<string, string>(Variables) { ["AUTHACTORS_NODE_NAME"] = name };
        foreach (var (key, value) in role)
        {
            variables[key] = value;
        }

        var log = new HostLog();
        using var deadline = new CancellationTokenSource(Eventually.DefaultDeadline);
        var host = await start(HostStart.InsideThisProcess(variables, log.AddTo), deadline.Token);
        return new InProcessHost(name, host, log);
    }
}
