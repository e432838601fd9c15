using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AuthActors.Gateway.Tests.Http;
using AuthActors.Gateway.Tests.Sessions;
using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Concurrency;

/// <summary>
/// One actor per user is the only writer of that user's history, so races between requests that arrive at once
/// through different gateways, for a user whose shard lives on any of three nodes, come out exact. Each test fires
/// its requests together and then reads the journal.
/// </summary>
public sealed class ConcurrencyTests(ConcurrencyCluster cluster) : IClassFixture<ConcurrencyCluster>
{
    private const string Password = "correct horse battery";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_thousand_concurrent_failed_logins_journal_exactly_the_checked_failures_and_lock_at_the_configured_count()
    {
        var id = await SignUpAsync("hammered");
        using var a = cluster.Http(0);
        using var b = cluster.Http(1);
        var hashesBefore = await HashesOnAllNodesAsync();

        var statuses = await TokenRequestsAtOnceAsync(a, b, 1000, i => new { id, password = $"wrong {i}" });

        // The failures before the limit are answered 401, the one that reaches it and everything after it 423:
        // nothing else (no 500, and no 503, since the mailbox holds them all).
        var events = await cluster.EventsOfAsync(id);
        var failures = events.Count(e => e.StartsWith("user.login-failed.v1 ", StringComparison.Ordinal));
        failures.ShouldBe(ConcurrencyCluster.MaxFailures);
        events.Count(e => e.StartsWith("user.locked.v1 ", StringComparison.Ordinal)).ShouldBe(1);
        statuses.Count(s => s == HttpStatusCode.Unauthorized).ShouldBe(ConcurrencyCluster.MaxFailures - 1);
        statuses.Count(s => s == (HttpStatusCode)423).ShouldBe(1000 - (ConcurrencyCluster.MaxFailures - 1));

        // Only the checked attempts cost a hash: the 995 refused while locked cost none (the tests of a class run one
        // at a time, so nothing else hashes on this cluster meanwhile).
        (await HashesOnAllNodesAsync() - hashesBefore).ShouldBe(ConcurrencyCluster.MaxFailures);

        // The lock-out came at exactly the fifth failure: nothing was checked after it.
        events.Select(Manifest).SkipWhile(m => m != "user.login-failed.v1").ShouldBe(
            [.. Enumerable.Repeat("user.login-failed.v1", ConcurrencyCluster.MaxFailures), "user.locked.v1"]);
    }

    [Fact]
    public async Task Twenty_concurrent_correct_logins_all_succeed()
    {
        var id = await SignUpAsync("popular");
        using var a = cluster.Http(0);
        using var b = cluster.Http(1);

        var statuses = await TokenRequestsAtOnceAsync(a, b, 20, _ => new { id, password = Password });

        statuses.ShouldAllBe(s => s == HttpStatusCode.OK);
        (await cluster.EventsOfAsync(id)).Count(e => e.StartsWith("user.login-succeeded.v1 ", StringComparison.Ordinal)).ShouldBe(20);
    }

    [Fact]
    public async Task A_hundred_concurrent_redemptions_of_one_refresh_token_mint_exactly_one_successor()
    {
        var id = await SignUpAsync("redeemed");
        using var a = cluster.Http(0);
        using var b = cluster.Http(1);
        var first = await HttpFixture.PostJsonAsync(a, "/api/token", new { id, password = Password });
        var other = await HttpFixture.PostJsonAsync(b, "/api/token", new { id, password = Password });
        var token = HttpFixture.Text(first, "refresh_token");

        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            using var response = await (i % 2 == 0 ? a : b).PostAsJsonAsync("/api/token/refresh", new { refresh_token = token }, Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
            return HttpFixture.Text(JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject(), "refresh_token");
        }));

        answers.Distinct().ShouldHaveSingleItem();
        (await cluster.EventsOfAsync(id)).Count(e => e.StartsWith("user.refresh-rotated.v1 ", StringComparison.Ordinal)).ShouldBe(1);

        // Once the grace has passed, the same token is reuse: its family is revoked, the user's other one lives on.
        await Eventually.ConditionAsync(
            async () =>
            {
                using var late = await a.PostAsJsonAsync("/api/token/refresh", new { refresh_token = token }, Ct);
                return late.StatusCode == HttpStatusCode.Unauthorized;
            },
            "the replaced token is refused once the grace has passed",
            ConcurrencyCluster.ReuseGrace * 4);
        (await cluster.EventsOfAsync(id)).Count(e => e.StartsWith("user.refresh-reuse-detected.v1 ", StringComparison.Ordinal)).ShouldBe(1);
        using (var successor = await a.PostAsJsonAsync("/api/token/refresh", new { refresh_token = answers[0] }, Ct))
        {
            successor.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        await HttpFixture.PostJsonAsync(b, "/api/token/refresh", new { refresh_token = HttpFixture.Text(other, "refresh_token") });
    }

    [Fact]
    public async Task A_rotated_refresh_token_is_still_refused_as_reuse_after_every_process_restarts()
    {
        var id = await SignUpAsync("restarted");
        string first;
        string third;
        using (var a = cluster.Http(0))
        {
            first = HttpFixture.Text(await HttpFixture.PostJsonAsync(a, "/api/token", new { id, password = Password }), "refresh_token");
            var second = HttpFixture.Text(await HttpFixture.PostJsonAsync(a, "/api/token/refresh", new { refresh_token = first }), "refresh_token");

            // Two rotations: the first token is past any retry grace, however long the restart takes.
            third = HttpFixture.Text(await HttpFixture.PostJsonAsync(a, "/api/token/refresh", new { refresh_token = second }), "refresh_token");
        }

        await cluster.RestartAllAsync();

        using var b = cluster.Http(1);
        using (var replay = await b.PostAsJsonAsync("/api/token/refresh", new { refresh_token = first }, Ct))
        {
            (await HttpFixture.ProblemAsync(replay, 401))["detail"]!.GetValue<string>().ShouldContain("already used");
        }

        using var after = await b.PostAsJsonAsync("/api/token/refresh", new { refresh_token = third }, Ct);
        await HttpFixture.ProblemAsync(after, 401);
        (await cluster.EventsOfAsync(id)).Count(e => e.StartsWith("user.refresh-reuse-detected.v1 ", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public async Task A_thousand_concurrent_logins_never_exceed_the_session_limit_and_always_evict_the_oldest()
    {
        var id = await SignUpAsync("crowded");
        using var a = cluster.Http(0);
        using var b = cluster.Http(1);

        var statuses = await TokenRequestsAtOnceAsync(a, b, 1000, _ => new { id, password = Password });
        // Each login waits for its own durable append, one after the other in the user's entity: on a slow machine
        // some may outlast the ask timeout (503, and they may still run). The invariants hold either way.
        var answered = string.Join(", ", statuses.CountBy(s => s).Select(c => $"{c.Value}× {(int)c.Key}"));
        statuses.ShouldAllBe(s => s == HttpStatusCode.OK || s == HttpStatusCode.ServiceUnavailable, answered);
        statuses.Count(s => s == HttpStatusCode.OK).ShouldBeGreaterThan(ConcurrencyCluster.MaxSessions, answered);

        // Replay the journal: at no point more than the limit live, and every eviction took the oldest live session.
        var live = new List<(string Session, DateTimeOffset Started, long Order)>();
        var evictions = 0;
        var started = 0;
        long order = 0;
        foreach (var (manifest, payload) in (await cluster.EventsOfAsync(id)).Select(Split))
        {
            switch (manifest)
            {
                case "user.session-started.v1":
                    live.Add((payload["session_id"]!.GetValue<string>(), payload["at"]!.GetValue<DateTimeOffset>(), order++));
                    started++;
                    live.Count.ShouldBeLessThanOrEqualTo(ConcurrencyCluster.MaxSessions);
                    break;
                case "user.session-ended.v1":
                    var ended = payload["session_id"]!.GetValue<string>();
                    payload["reason"]!.GetValue<string>().ShouldBe("session limit");
                    var oldest = live.OrderBy(s => s.Started).ThenBy(s => s.Order).First();
                    ended.ShouldBe(oldest.Session);
                    live.RemoveAll(s => s.Session == ended);
                    evictions++;
                    break;
            }
        }

        started.ShouldBeGreaterThanOrEqualTo(statuses.Count(s => s == HttpStatusCode.OK));
        evictions.ShouldBe(started - ConcurrencyCluster.MaxSessions);
        live.Count.ShouldBe(ConcurrencyCluster.MaxSessions);
    }

    [Fact]
    public async Task A_thousand_concurrent_logins_on_the_session_ports_open_exactly_one_online_session()
    {
        var id = GatewayFixture.NewId("onlyonce");
        await using (var first = await SessionClients.SignUpAsync(cluster.SessionPort(0), id))
        {
            await SessionClients.LogOutAsync(first, id);
        }

        var answers = await Task.WhenAll(Enumerable.Range(0, 1000).Select(async i =>
        {
            var client = await SessionClients.LogInAsync(cluster.SessionPort(i % 2), id);
            return (Client: client, Answer: await client.ReadLineAsync());
        }));
        try
        {
            answers.Count(x => x.Answer == $"welcome {id}").ShouldBe(1);
            answers.Count(x => x.Answer == "<<close>>already logged in").ShouldBe(999);
            (await cluster.EventsOfAsync(id)).Count(e => e.StartsWith("user.online-session-opened.v1 ", StringComparison.Ordinal)).ShouldBe(2);
        }
        finally
        {
            foreach (var (client, _) in answers)
            {
                await client.DisposeAsync();
            }
        }
    }

    // Sends count token requests at once, alternately through each gateway; their statuses in order.
    private static async Task<HttpStatusCode[]> TokenRequestsAtOnceAsync(HttpClient a, HttpClient b, int count, Func<int, object> body) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            using var response = await (i % 2 == 0 ? a : b).PostAsJsonAsync("/api/token", body(i), Ct);
            return response.StatusCode;
        }));

    private async Task<double> HashesOnAllNodesAsync()
    {
        var total = 0.0;
        foreach (var node in cluster.Nodes)
        {
            using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{node.AdminPort}/") };
            total += Operations.PrometheusText.Parse(await admin.GetStringAsync("/metrics", Ct)).Value("authactors_password_hashes_total") ?? 0;
        }

        return total;
    }

    private async Task<string> SignUpAsync(string name)
    {
        var id = GatewayFixture.NewId(name);
        using var http = cluster.Http(0);
        using var created = await http.PostAsJsonAsync("/api/users", new { id, password = Password }, Ct);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        return id;
    }

    private static string Manifest(string journalled) => journalled[..journalled.IndexOf(' ', StringComparison.Ordinal)];

    private static (string Manifest, JsonObject Payload) Split(string journalled) =>
        (Manifest(journalled), JsonNode.Parse(journalled[(journalled.IndexOf(' ', StringComparison.Ordinal) + 1)..])!.AsObject());
}
