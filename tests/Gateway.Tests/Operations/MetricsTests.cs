using System.Net;
using System.Net.Http.Json;
using AuthActors.Gateway.Tests.Http;
using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Operations;

/// <summary><c>/metrics</c> on the gateway's HTTP port: valid Prometheus text, and counters that move with what clients do.</summary>
public sealed class MetricsTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Counters_move_with_sign_up_failed_logins_until_lock_out_and_a_refresh()
    {
        using var http = new HttpClient { BaseAddress = fixture.Gateway.HttpAddress };
        var before = await ScrapeAsync(http);

        var id = GatewayFixture.NewId("metrics");
        (await http.PostAsJsonAsync("/api/users", new { id, password = "correct horse battery" }, Ct)).EnsureSuccessStatusCode();
        var tokens = await HttpFixture.PostJsonAsync(http, "/api/token", new { id, password = "correct horse battery" });
        await HttpFixture.PostJsonAsync(http, "/api/token/refresh", new { refresh_token = HttpFixture.Text(tokens, "refresh_token") });

        await using var client = await fixture.ConnectAsync();
        await client.ReadLineAsync();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            (await client.AskAsync($"LOGIN {id} wrong-password")).ShouldStartWith("ERR");
        }

        (await client.AskAsync($"LOGIN {id} correct horse battery")).ShouldStartWith("ERR 423");

        var after = await ScrapeAsync(http);
        Delta(before, after, "authactors_signups_total").ShouldBe(1);
        Delta(before, after, "authactors_logins_total", ("outcome", "succeeded")).ShouldBe(1);
        Delta(before, after, "authactors_logins_total", ("outcome", "failed")).ShouldBe(3);
        Delta(before, after, "authactors_logins_total", ("outcome", "locked")).ShouldBe(1);
        Delta(before, after, "authactors_lockouts_total").ShouldBe(1);
        Delta(before, after, "authactors_refresh_rotations_total").ShouldBe(1);
        Delta(before, after, "authactors_refresh_reuse_detections_total").ShouldBe(0);
        after.Value("authactors_journal_append_duration_seconds_count")!.Value.ShouldBeGreaterThan(before.Value("authactors_journal_append_duration_seconds_count") ?? 0);
        after.Value("authactors_journal_batch_size_count")!.Value.ShouldBeGreaterThan(0);
        after.Value("authactors_entities_active")!.Value.ShouldBeGreaterThan(0);
        after.Value("authactors_connections_open", ("port", "login"))!.Value.ShouldBeGreaterThanOrEqualTo(1);
        after.Value("authactors_connections_open", ("port", "http"))!.Value.ShouldBeGreaterThanOrEqualTo(1);
        after.Families["authactors_logins_total"].Type.ShouldBe("counter");
        after.Families["authactors_journal_append_duration_seconds"].Type.ShouldBe("histogram");
        after.Families["authactors_connections_open"].Type.ShouldBe("gauge");
    }

    [Fact]
    public async Task A_replayed_refresh_token_counts_as_a_reuse_detection()
    {
        using var http = new HttpClient { BaseAddress = fixture.Gateway.HttpAddress };
        var id = GatewayFixture.NewId("reuse");
        (await http.PostAsJsonAsync("/api/users", new { id, password = "correct horse battery" }, Ct)).EnsureSuccessStatusCode();
        var first = await HttpFixture.PostJsonAsync(http, "/api/token", new { id, password = "correct horse battery" });
        var before = await ScrapeAsync(http);
        // Two rotations, then the first token again: past the retry grace (which covers only the token replaced last).
        var second = await HttpFixture.PostJsonAsync(http, "/api/token/refresh", new { refresh_token = HttpFixture.Text(first, "refresh_token") });
        await HttpFixture.PostJsonAsync(http, "/api/token/refresh", new { refresh_token = HttpFixture.Text(second, "refresh_token") });
        var replay = await http.PostAsJsonAsync("/api/token/refresh", new { refresh_token = HttpFixture.Text(first, "refresh_token") }, Ct);
        replay.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var after = await ScrapeAsync(http);
        Delta(before, after, "authactors_refresh_reuse_detections_total").ShouldBe(1);
    }

    [Fact]
    public async Task Metrics_are_served_as_prometheus_text_with_help_and_type_for_every_family()
    {
        using var http = new HttpClient { BaseAddress = fixture.Gateway.HttpAddress };
        // A counter appears with its first count: sign one user up here rather than rely on another test's.
        (await http.PostAsJsonAsync("/api/users", new { id = GatewayFixture.NewId("family"), password = "correct horse battery" }, Ct)).EnsureSuccessStatusCode();
        var response = await http.GetAsync("/metrics", Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        response.Content.Headers.ContentType.Parameters.ShouldContain(p => p.Name == "version" && p.Value == "0.0.4");
        var metrics = PrometheusText.Parse(await response.Content.ReadAsStringAsync(Ct));
        metrics.Families.Keys.ShouldContain("authactors_signups_total");
        metrics.Families.Values.ShouldAllBe(f => f.Help != null && f.Type != null && f.Name.StartsWith("authactors_"));
    }

    internal static async Task<PrometheusText> ScrapeAsync(HttpClient http) =>
        PrometheusText.Parse(await http.GetStringAsync("/metrics", Ct));

    private static double Delta(PrometheusText before, PrometheusText after, string name, params (string, string)[] labels) =>
        (after.Value(name, labels) ?? throw new ShouldAssertException($"{name} missing from /metrics")) - (before.Value(name, labels) ?? 0);
}
