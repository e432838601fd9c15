using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AuthActors.TestKit;

namespace AuthActors.Cli.Tests;

/// <summary><c>GET /api/admin/users/{id}/history</c>, the audit trail the command line's <c>users history</c> reads.</summary>
public abstract class HistoryApiTests<TFixture>(TFixture service)
    where TFixture : ServiceFixture
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> AdminTokenAsync(HttpClient http) =>
        (await ServiceFixture.TokensAsync(http, ServiceFixture.AdminId, ServiceFixture.AdminPassword))["access_token"]!.GetValue<string>();

    private static async Task<JsonObject> HistoryAsync(HttpClient http, string admin, string query)
    {
        var response = await ServiceFixture.GetAsync(http, query, admin);
        var text = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    [Fact]
    public async Task History_is_newest_first_and_pages_back_without_gaps_or_overlap()
    {
        using var http = service.Http();
        var admin = await AdminTokenAsync(http);
        var id = await service.NewUserAsync(http, "page");
        // Two failures: a third would lock the account out.
        for (var i = 0; i < 2; i++)
        {
            await http.PostAsJsonAsync("/api/token", new { id, password = "wrong password here" }, Ct);
        }

        await ServiceFixture.TokensAsync(http, id);
        var all = await HistoryAsync(http, admin, $"/api/admin/users/{id}/history");
        var sequences = all["events"]!.AsArray().Select(e => e!["sequence"]!.GetValue<long>()).ToList();
        sequences.ShouldBe([.. sequences.OrderDescending()]);
        all["next_before"].ShouldBeNull();
        all["events"]![0]!["kind"]!.GetValue<string>().ShouldBe("session-started");
        all["events"]!.AsArray()[^1]!["kind"]!.GetValue<string>().ShouldBe("registered");

        var paged = new List<long>();
        long? before = null;
        do
        {
            var page = await HistoryAsync(http, admin, $"/api/admin/users/{id}/history?limit=2" + (before is { } b ? $"&before={b}" : ""));
            var events = page["events"]!.AsArray();
            events.Count.ShouldBeLessThanOrEqualTo(2);
            paged.AddRange(events.Select(e => e!["sequence"]!.GetValue<long>()));
            before = page["next_before"]?.GetValue<long>();
        }
        while (before is not null);

        paged.ShouldBe(sequences);
    }

    [Fact]
    public async Task Every_event_records_its_source_address_and_gateway_through_http_and_tcp_and_never_a_secret()
    {
        using var http = service.Http();
        var admin = await AdminTokenAsync(http);
        var id = await service.NewUserAsync(http, "src");
        var tokens = await ServiceFixture.TokensAsync(http, id);
        await using (var tcp = await LineClient.ConnectAsync(service.Gateway.Port))
        {
            await tcp.ReadLineAsync();
            (await tcp.AskAsync($"LOGIN {id} wrongpass1")).ShouldStartWith("ERR 401");
        }

        (await service.RunAsync("users", "ban", id)).ShouldExit(0);

        var history = await HistoryAsync(http, admin, $"/api/admin/users/{id}/history");
        var events = history["events"]!.AsArray().Select(e => e!.AsObject()).ToList();
        events.Select(e => e["kind"]!.GetValue<string>()).ShouldBe(["all-sessions-ended", "banned", "login-failed", "session-started", "login-succeeded", "registered"], ignoreOrder: true);
        var gateways = events.Select(e => e["gateway"]?.GetValue<string>()).Distinct().ToList();
        gateways.Count.ShouldBe(1);
        gateways[0].ShouldNotBeNullOrEmpty();
        events.ShouldAllBe(e => e["source_address"]!.GetValue<string>() == "127.0.0.1");
        events.ShouldAllBe(e => e["at"] != null && e["description"] != null);

        var text = history.ToJsonString();
        text.ShouldNotContain("pbkdf2");
        text.ShouldNotContain(tokens["refresh_token"]!.GetValue<string>());
        text.ShouldNotContain("digest");
        text.ShouldNotContain("password_hash");
    }

    [Fact]
    public async Task Only_admins_read_history_and_only_they_learn_that_a_user_does_not_exist()
    {
        using var http = service.Http();
        var admin = await AdminTokenAsync(http);
        var id = await service.NewUserAsync(http, "who");
        var user = (await ServiceFixture.TokensAsync(http, id))["access_token"]!.GetValue<string>();
        var nobody = ServiceFixture.NewId("nobody");

        (await ServiceFixture.GetAsync(http, $"/api/admin/users/{id}/history", user)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ServiceFixture.GetAsync(http, $"/api/admin/users/{nobody}/history", user)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await http.GetAsync($"/api/admin/users/{nobody}/history", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await ServiceFixture.GetAsync(http, $"/api/admin/users/{nobody}/history", admin)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ServiceFixture.GetAsync(http, "/api/admin/users/bad%20id!/history", admin)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ServiceFixture.GetAsync(http, $"/api/admin/users/{id}/history?limit=0&before=0", admin)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}

[Collection(ServiceCollection.Name)]
public sealed class SqliteHistoryApiTests(ServiceFixture service) : HistoryApiTests<ServiceFixture>(service);

public sealed class PostgresHistoryApiTests(PostgresServiceFixture service)
    : HistoryApiTests<PostgresServiceFixture>(service), IClassFixture<PostgresServiceFixture>;
