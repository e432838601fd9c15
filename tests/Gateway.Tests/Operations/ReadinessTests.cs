using System.Net;
using System.Text.Json.Nodes;
using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Operations;

/// <summary>
/// <c>/healthz</c> and <c>/readyz</c> of a gateway on PostgreSQL, with the database server really stopped and started
/// again under it (its own throw-away server, so other classes never see it go away).
/// </summary>
public sealed class ReadinessTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _data = new();
    private PostgresServer _server = null!;
    private GatewayProcess _gateway = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await PostgresServer.StartPrivateAsync();
        _gateway = await GatewayProcess.StartAsync(_data.Path, new Dictionary<string, string>
        {
            ["AUTHACTORS_USERS__HASHING__ITERATIONS"] = "1000",
            ["AUTHACTORS_STORAGE"] = "postgres",
            ["AUTHACTORS_POSTGRES"] = await _server.CreateDatabaseAsync("readiness"),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _server.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task Readyz_turns_503_naming_the_journal_without_exception_text_when_the_database_stops_and_200_when_it_is_back()
    {
        using var http = new HttpClient { BaseAddress = _gateway.HttpAddress };
        var (status, body) = await GetAsync(http, "/readyz");
        status.ShouldBe(HttpStatusCode.OK);
        body["status"]!.GetValue<string>().ShouldBe("ready");
        body["checks"]!["journal"]!.GetValue<string>().ShouldBe("ok");

        await _server.StopAsync();
        await Eventually.ConditionAsync(async () => (await GetAsync(http, "/readyz")).Status == HttpStatusCode.ServiceUnavailable, "/readyz answers 503 while PostgreSQL is stopped");
        (status, body) = await GetAsync(http, "/readyz");
        status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        body["status"]!.GetValue<string>().ShouldBe("not ready");
        // A status and a generic reason only: the exception's text (host names, ports, driver messages) stays in the log.
        body["checks"]!["journal"]!.GetValue<string>().ShouldBe("unavailable");
        (await GetAsync(http, "/healthz")).Status.ShouldBe(HttpStatusCode.OK);

        await _server.StartAsync();
        await Eventually.ConditionAsync(async () => (await GetAsync(http, "/readyz")).Status == HttpStatusCode.OK, "/readyz answers 200 once PostgreSQL is back");
    }

    [Fact]
    public async Task Healthz_says_alive()
    {
        using var http = new HttpClient { BaseAddress = _gateway.HttpAddress };
        var (status, body) = await GetAsync(http, "/healthz");
        status.ShouldBe(HttpStatusCode.OK);
        body["status"]!.GetValue<string>().ShouldBe("alive");
    }

    internal static async Task<(HttpStatusCode Status, JsonObject Body)> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path, Ct);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject());
    }
}
