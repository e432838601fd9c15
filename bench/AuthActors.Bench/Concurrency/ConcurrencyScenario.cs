using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AuthActors.Bench.Cluster;
using AuthActors.Bench.Reporting;

namespace AuthActors.Bench.Concurrency;

/// <summary>
/// The races of issue 10 on three node processes behind two gateways, as a table: what was attempted at once, what
/// was answered, what the journal holds, and what it must hold. The same cases as tests/Gateway.Tests/Concurrency,
/// which assert them; this prints the figures.
/// </summary>
internal static class ConcurrencyScenario
{
    private const string Password = "correct horse battery";
    private const int MaxFailures = 5;
    private const int MaxSessions = 10;

    public static async Task<int> RunAsync()
    {
        Console.Error.WriteLine("concurrency: starting 3 nodes and 2 gateways");
        await using var cluster = await LocalCluster.StartAsync(3, gateways: 2, new Dictionary<string, string>
        {
            ["AUTHACTORS_USERS__LOCKOUT__MAX_FAILURES"] = MaxFailures.ToString(CultureInfo.InvariantCulture),
            ["AUTHACTORS_USERS__LOCKOUT__BLOCK_DURATION"] = "10m",
            ["AUTHACTORS_TOKENS__REFRESH__MAX_SESSIONS"] = MaxSessions.ToString(CultureInfo.InvariantCulture),
            ["AUTHACTORS_ENTITIES__MAILBOX_CAPACITY"] = "5000",
            ["AUTHACTORS_ENTITIES__ASK_TIMEOUT"] = "60s",
            ["AUTHACTORS_CLUSTER__TRANSPORT__REQUEST_TIMEOUT"] = "60s",
        });
        using var a = Http(cluster, 0);
        using var b = Http(cluster, 1);
        var table = new MarkdownTable("case", "attempts at once", "answers", "events journalled", "expected", "password hashes");

        // 1,000 wrong passwords for one user.
        var id = await SignUpAsync(a, "hammered");
        var hashes = await HashesAsync(cluster);
        var statuses = await AllAtOnceAsync(1000, i => (i % 2 == 0 ? a : b).PostAsJsonAsync("/api/token", new { id, password = $"wrong {i}" }));
        var events = await EventsAsync(cluster, id);
        table.Row(
            "failed logins, one user",
            1000,
            Count(statuses),
            $"{events.Count(e => e == "user.login-failed.v1")} login-failed, {events.Count(e => e == "user.locked.v1")} locked",
            $"{MaxFailures} login-failed, 1 locked",
            await HashesAsync(cluster) - hashes);

        // 20 right passwords for one user.
        id = await SignUpAsync(a, "popular");
        hashes = await HashesAsync(cluster);
        statuses = await AllAtOnceAsync(20, i => (i % 2 == 0 ? a : b).PostAsJsonAsync("/api/token", new { id, password = Password }));
        events = await EventsAsync(cluster, id);
        table.Row("correct logins, one user", 20, Count(statuses), $"{events.Count(e => e == "user.login-succeeded.v1")} login-succeeded", "20 login-succeeded", await HashesAsync(cluster) - hashes);

        // 100 redemptions of one refresh token.
        id = await SignUpAsync(a, "redeemed");
        var token = (await (await a.PostAsJsonAsync("/api/token", new { id, password = Password })).Content.ReadFromJsonAsync<JsonObject>())!["refresh_token"]!.GetValue<string>();
        var successors = new System.Collections.Concurrent.ConcurrentBag<string>();
        statuses = await AllAtOnceAsync(100, async i =>
        {
            var response = await (i % 2 == 0 ? a : b).PostAsJsonAsync("/api/token/refresh", new { refresh_token = token });
            if (response.IsSuccessStatusCode)
            {
                successors.Add((await response.Content.ReadFromJsonAsync<JsonObject>())!["refresh_token"]!.GetValue<string>());
            }

            return response;
        });
        events = await EventsAsync(cluster, id);
        table.Row(
            "refresh redemptions, one token",
            100,
            $"{Count(statuses)}; {successors.Distinct().Count()} distinct successor",
            $"{events.Count(e => e == "user.refresh-rotated.v1")} refresh-rotated",
            "1 refresh-rotated, 1 successor",
            "0");

        // 1,000 logins against a limit of 10 sessions.
        id = await SignUpAsync(a, "crowded");
        statuses = await AllAtOnceAsync(1000, i => (i % 2 == 0 ? a : b).PostAsJsonAsync("/api/token", new { id, password = Password }));
        events = await EventsAsync(cluster, id);
        var started = events.Count(e => e == "user.session-started.v1");
        table.Row(
            $"logins, session limit {MaxSessions}",
            1000,
            Count(statuses),
            $"{started} session-started, {events.Count(e => e == "user.session-ended.v1")} session-ended",
            $"session-ended = session-started − {MaxSessions}",
            "—");

        table.Print("concurrency on 3 nodes behind 2 gateways (SQLite, 1,000 PBKDF2 iterations)");
        return 0;
    }

    private static HttpClient Http(LocalCluster cluster, int gateway) => new(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue })
    {
        BaseAddress = cluster.Gateways[gateway].HttpAddress,
        Timeout = TimeSpan.FromMinutes(2),
    };

    private static async Task<string> SignUpAsync(HttpClient http, string name)
    {
        var id = $"{name}-{Guid.NewGuid():N}"[..24];
        (await http.PostAsJsonAsync("/api/users", new { id, password = Password })).EnsureSuccessStatusCode();
        return id;
    }

    private static async Task<HttpStatusCode[]> AllAtOnceAsync(int count, Func<int, Task<HttpResponseMessage>> send) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            using var response = await send(i);
            return response.StatusCode;
        }));

    private static string Count(IEnumerable<HttpStatusCode> statuses) =>
        string.Join(", ", statuses.CountBy(s => (int)s).OrderBy(c => c.Key).Select(c => $"{c.Value}× {c.Key}"));

    private static async Task<List<string>> EventsAsync(LocalCluster cluster, string userId)
    {
        var manifests = new List<string>();
        await foreach (var envelope in cluster.Storage.Journal.ReadEventsAsync("user|" + userId, 1, CancellationToken.None))
        {
            manifests.Add(envelope.Manifest);
        }

        return manifests;
    }

    // The password hashes every node has computed, from their admin ports.
    private static async Task<double> HashesAsync(LocalCluster cluster)
    {
        using var http = new HttpClient();
        var total = 0.0;
        foreach (var node in cluster.Nodes)
        {
            var metrics = await http.GetStringAsync(new Uri(node.AdminAddress, "metrics"));
            total += metrics.Split('\n')
                .Where(line => line.StartsWith("authactors_password_hashes_total ", StringComparison.Ordinal))
                .Sum(line => double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture));
        }

        return total;
    }
}
