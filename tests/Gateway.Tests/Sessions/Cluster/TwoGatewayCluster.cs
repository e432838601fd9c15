using AuthActors.Node.Hosting;
using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Sessions.Cluster;

/// <summary>
/// Two node processes (or <see cref="NodeCount"/>) and two gateway processes in cluster mode sharing one SQLite file:
/// users online on different gateways, held by whichever node owns their shard. Sessions of a dead gateway are swept
/// every second.
/// </summary>
public class TwoGatewayCluster : IAsyncLifetime
{
    private const int ShardCount = 20;

    /// <summary>How many node processes the cluster has.</summary>
    protected virtual int NodeCount => 2;
    private readonly TemporaryDirectory _data = new();

    public List<NodeProcess> Nodes { get; } = [];

    public List<GatewayProcess> Gateways { get; } = [];

    public NodeStorage Storage { get; private set; } = null!;

    public Dictionary<string, string> Settings { get; } = new()
    {
        ["AUTHACTORS_USERS__HASHING__ITERATIONS"] = "1000",
        ["AUTHACTORS_PEPPER"] = Convert.ToBase64String(new byte[32]),
        ["AUTHACTORS_TOKEN_KEY"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
        ["AUTHACTORS_SHARDING__SHARD_COUNT"] = ShardCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["AUTHACTORS_USERS__ONLINE__SWEEP_EVERY"] = "1s",
    };

    public async ValueTask InitializeAsync()
    {
        await StartProcessesAsync();
        Storage = await NodeStorage.OpenAsync(new StorageOptions(), _data.Path, TestContext.Current.CancellationToken);
        await SettledAsync();
    }

    /// <summary>Kills every process (kill -9) and starts them all again on the same data: nothing survives in memory.</summary>
    public async Task RestartAllAsync()
    {
        foreach (var process in Gateways.Cast<IAsyncDisposable>().Concat(Nodes))
        {
            await (process is GatewayProcess gateway ? gateway.KillAsync() : ((NodeProcess)process).KillAsync());
            await process.DisposeAsync();
        }

        Gateways.Clear();
        Nodes.Clear();
        await StartProcessesAsync();

        // The dead incarnations' leases run out before the new ones may take them: each node is ready once it holds
        // its share.
        using var http = new HttpClient();
        await Eventually.ConditionAsync(
            async () =>
            {
                foreach (var node in Nodes)
                {
                    using var ready = await http.GetAsync(new Uri(node.AdminAddress, "readyz"), TestContext.Current.CancellationToken);
                    if (!ready.IsSuccessStatusCode)
                    {
                        return false;
                    }
                }

                return true;
            },
            "every restarted node holds its shards");
    }

    private async Task StartProcessesAsync()
    {
        // The first start creates the schema and the signing key; the rest start together.
        Nodes.Add(await NodeProcess.StartAsync("node-1", _data.Path, Settings));
        Nodes.AddRange(await Task.WhenAll(Enumerable.Range(2, NodeCount - 1).Select(n => NodeProcess.StartAsync($"node-{n}", _data.Path, Settings))));
        Gateways.AddRange(await Task.WhenAll(StartGatewayAsync("gateway-a"), StartGatewayAsync("gateway-b")));
    }

    // Node 1 takes every shard before the others join: wait for the rebalance, so that tests do not start mid-hand-off.
    private async Task SettledAsync() =>
        await Eventually.ConditionAsync(
            async () => (await Storage.ShardLeases.ReadAllAsync("user", TestContext.Current.CancellationToken)).Live is var live
                && live.Count == ShardCount && live.Select(l => l.Owner.Node).Distinct().Count() == Nodes.Count,
            "every shard has an owner and every node owns shards");

    public virtual async ValueTask DisposeAsync()
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
        GC.SuppressFinalize(this);
    }

    /// <summary>The session port of gateway 0 or 1.</summary>
    public int SessionPort(int gateway) => Gateways[gateway].SessionPort;

    /// <summary>The node that holds <paramref name="userId"/>'s shard now.</summary>
    public async Task<NodeProcess> OwnerOfAsync(string userId)
    {
        var shard = Runtime.Sharding.ShardId.Of(userId, ShardCount);
        var leases = await Storage.ShardLeases.ReadAllAsync("user", TestContext.Current.CancellationToken);
        var owner = leases.Live.Single(l => l.Shard == shard).Owner.Node;
        return Nodes.Single(n => n.Name == owner);
    }

    /// <summary>The payloads of a user's journalled events, oldest first.</summary>
    public async Task<List<string>> EventsOfAsync(string userId)
    {
        var events = new List<string>();
        await foreach (var envelope in Storage.Journal.ReadEventsAsync("user|" + userId, 1, TestContext.Current.CancellationToken))
        {
            events.Add($"{envelope.Manifest} {System.Text.Encoding.UTF8.GetString(envelope.Payload.Span)}");
        }

        return events;
    }

    private Task<GatewayProcess> StartGatewayAsync(string name) =>
        GatewayProcess.StartAsync(_data.Path, new Dictionary<string, string>(Settings)
        {
            ["AUTHACTORS_GATEWAY__MODE"] = "cluster",
            ["AUTHACTORS_NODE_NAME"] = name,
        });
}
