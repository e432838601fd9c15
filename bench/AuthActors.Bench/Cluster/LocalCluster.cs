using AuthActors.Node.Hosting;
using AuthActors.TestKit;

namespace AuthActors.Bench.Cluster;

/// <summary>N node processes and one or more gateways in cluster mode on one SQLite file, as scripts/cluster runs them.</summary>
internal sealed class LocalCluster : IAsyncDisposable
{
    public const int ShardCount = 100;

    private readonly TemporaryDirectory _data = new();

    private LocalCluster()
    {
    }

    public List<NodeProcess> Nodes { get; } = [];

    public GatewayProcess Gateway => Gateways[0];

    public List<GatewayProcess> Gateways { get; } = [];

    public NodeStorage Storage { get; private set; } = null!;

    public string DataPath => _data.Path;

    public Dictionary<string, string> Settings { get; } = new()
    {
        // Set-up signs users up quickly; the figures below involve no password hash except the failover's one login.
        ["AUTHACTORS_USERS__HASHING__ITERATIONS"] = "1000",
        ["AUTHACTORS_PEPPER"] = Convert.ToBase64String(new byte[32]),
        ["AUTHACTORS_TOKEN_KEY"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
        ["AUTHACTORS_GATEWAY__HTTP__REQUESTS_PER_SECOND_PER_ADDRESS"] = "0",
        ["AUTHACTORS_GATEWAY__HTTP__PASSWORD_ATTEMPTS_PER_MINUTE_PER_ACCOUNT"] = "0",
    };

    public static async Task<LocalCluster> StartAsync(int nodes, int gateways = 1, IReadOnlyDictionary<string, string>? settings = null)
    {
        var cluster = new LocalCluster();
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            cluster.Settings[key] = value;
        }

        cluster.Nodes.Add(await NodeProcess.StartAsync("node-1", cluster._data.Path, cluster.Settings));
        for (var i = 2; i <= nodes; i++)
        {
            cluster.Nodes.Add(await NodeProcess.StartAsync($"node-{i}", cluster._data.Path, cluster.Settings));
        }

        for (var i = 1; i <= gateways; i++)
        {
            cluster.Gateways.Add(await GatewayProcess.StartAsync(
                cluster._data.Path,
                new Dictionary<string, string>(cluster.Settings) { ["AUTHACTORS_GATEWAY__MODE"] = "cluster", ["AUTHACTORS_NODE_NAME"] = $"gateway-{i}" }));
        }

        cluster.Storage = await NodeStorage.OpenAsync(new StorageOptions(), cluster._data.Path, CancellationToken.None);
        await cluster.WaitUntilAsync(owners => owners.Values.Sum() == ShardCount && owners.Count == nodes, TimeSpan.FromSeconds(60));
        return cluster;
    }

    /// <summary>Shards per live owner (node name).</summary>
    public async Task<Dictionary<string, int>> OwnersAsync()
    {
        var leases = await Storage.ShardLeases.ReadAllAsync("user", CancellationToken.None);
        return leases.Live.GroupBy(l => l.Owner.Node).ToDictionary(g => g.Key, g => g.Count());
    }

    public async Task<string?> OwnerOfAsync(string userId)
    {
        var shard = Runtime.Sharding.ShardId.Of(userId, ShardCount);
        var leases = await Storage.ShardLeases.ReadAllAsync("user", CancellationToken.None);
        return leases.Live.SingleOrDefault(l => l.Shard == shard)?.Owner.Node;
    }

    /// <summary>Polls the lease table (every 20 ms) until <paramref name="done"/>; throws past the deadline.</summary>
    public async Task WaitUntilAsync(Func<Dictionary<string, int>, bool> done, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        while (!done(await OwnersAsync()))
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException("the cluster did not settle in time");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var gateway in Gateways)
        {
            await gateway.DisposeAsync();
        }

        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }

        await Storage.DisposeAsync();
        _data.Dispose();
    }
}
