using System.Net;
using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Operations;

/// <summary>A real node process serves /healthz, /readyz and /metrics on its admin port.</summary>
public sealed class NodeAdminPortTests : IAsyncLifetime
{
    private const int ShardCount = 12;
    private readonly TemporaryDirectory _data = new();
    private NodeProcess _node = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _node = await NodeProcess.StartAsync("node-ops", _data.Path, new Dictionary<string, string>
        {
            ["AUTHACTORS_USERS__HASHING__ITERATIONS"] = "1000",
            ["AUTHACTORS_SHARDING__SHARD_COUNT"] = ShardCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    public async ValueTask DisposeAsync()
    {
        await _node.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task Admin_port_serves_health_readiness_with_every_lease_held_and_metrics()
    {
        _node.Output.ShouldContain($"Admin port listening on 127.0.0.1:{_node.AdminPort}");
        using var http = new HttpClient { BaseAddress = _node.AdminAddress };
        (await ReadinessTests.GetAsync(http, "/healthz")).Status.ShouldBe(HttpStatusCode.OK);

        // Alone in the cluster it should own every shard; ready once it holds them all.
        await Eventually.ConditionAsync(async () => (await ReadinessTests.GetAsync(http, "/readyz")).Status == HttpStatusCode.OK, "the node is ready once it holds its leases");
        var (_, body) = await ReadinessTests.GetAsync(http, "/readyz");
        body["checks"]!["journal"]!.GetValue<string>().ShouldBe("ok");
        body["checks"]!["leases"]!.GetValue<string>().ShouldBe("ok");

        var metrics = await MetricsTests.ScrapeAsync(http);
        metrics.Value("authactors_shards_owned").ShouldBe(ShardCount);
        metrics.Value("authactors_connections_open", ("port", "admin"))!.Value.ShouldBeGreaterThanOrEqualTo(1);
        metrics.Families["authactors_shard_handoffs_total"].Type.ShouldBe("counter");
    }
}
