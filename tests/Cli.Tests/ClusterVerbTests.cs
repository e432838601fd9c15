using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AuthActors.TestKit;

namespace AuthActors.Cli.Tests;

/// <summary>A node process and a gateway in cluster mode: the audit trail names the gateway member a request came through.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _data = new();

    public NodeProcess Node { get; private set; } = null!;

    public GatewayProcess Gateway { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var settings = new Dictionary<string, string>
        {
            ["AUTHACTORS_USERS__HASHING__ITERATIONS"] = "1000",
            ["AUTHACTORS_PEPPER"] = Convert.ToBase64String(new byte[32]),
            ["AUTHACTORS_TOKEN_KEY"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
            ["AUTHACTORS_SHARDING__SHARD_COUNT"] = "10",
            ["AUTHACTORS_USERS__FIRST_ADMIN__ID"] = ServiceFixture.AdminId,
            ["AUTHACTORS_USERS__FIRST_ADMIN__PASSWORD"] = ServiceFixture.AdminPassword,
        };
        Node = await NodeProcess.StartAsync("node-1", _data.Path, settings);
        Gateway = await GatewayProcess.StartAsync(_data.Path, new Dictionary<string, string>(settings) { ["AUTHACTORS_GATEWAY__MODE"] = "cluster" });
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Node.DisposeAsync();
        _data.Dispose();
    }
}

public sealed class ClusterVerbTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<CliRun> RunAsync(params string[] args)
    {
        var environment = new Dictionary<string, string?>
        {
            ["AUTHACTORS_URL"] = cluster.Gateway.HttpAddress.ToString(),
            ["AUTHACTORS_ADMIN_USER"] = ServiceFixture.AdminId,
            ["AUTHACTORS_ADMIN_PASSWORD"] = ServiceFixture.AdminPassword,
        };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await AdminCommandLine.RunAsync(args, output, error, name => environment.GetValueOrDefault(name), cancellationToken: Ct);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Cluster_status_lists_the_members_and_history_names_the_gateway_a_request_came_through()
    {
        // The node takes its leases a moment after it starts.
        CliRun status = null!;
        await Eventually.ConditionAsync(
            async () => (status = await RunAsync("cluster", "status", "--json")) is { ExitCode: 0 } run
                && JsonNode.Parse(run.Output)!["shards_owned"]!.GetValue<int>() == 10,
            "the node owns every shard");
        var members = JsonNode.Parse(status.Output)!["members"]!.AsArray();
        var gateway = members.Single(m => m!["roles"]!.AsArray().Any(r => r!.GetValue<string>() == "gateway"))!;
        var node = members.Single(m => m!["roles"]!.AsArray().Any(r => r!.GetValue<string>() == "node"))!;
        node["shards"]!.GetValue<int>().ShouldBe(10);
        (await RunAsync("cluster", "status")).ShouldExit(0).Output.ShouldContain("10 of 10 shards have an owner");

        using var http = new HttpClient { BaseAddress = cluster.Gateway.HttpAddress };
        var id = ServiceFixture.NewId("clu");
        (await http.PostAsJsonAsync("/api/users", new { id, password = ServiceFixture.Password }, Ct)).EnsureSuccessStatusCode();
        await ServiceFixture.TokensAsync(http, id);

        var history = JsonNode.Parse((await RunAsync("users", "history", id, "--json")).ShouldExit(0).Output)!["events"]!.AsArray();
        history.Select(e => e!["kind"]!.GetValue<string>()).ShouldBe(["session-started", "login-succeeded", "registered"]);
        history.ShouldAllBe(e => e!["gateway"]!.GetValue<string>() == gateway["id"]!.GetValue<string>());
        history.ShouldAllBe(e => e!["source_address"]!.GetValue<string>() == "127.0.0.1");
    }
}
