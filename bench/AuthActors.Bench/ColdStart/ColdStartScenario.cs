using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AuthActors.Bench.Reporting;
using AuthActors.Bench.Logins;
using AuthActors.Node.Passwords;
using AuthActors.Node.Hosting;
using AuthActors.TestKit;

namespace AuthActors.Bench.ColdStart;

/// <summary>
/// A gateway starting on a journal that already holds many users: how soon it accepts connections (entities recover
/// on demand, never all at start), how long the first request for a random user takes (its entity recovers then),
/// and the process's memory, peak and after, with every user on disk; then the admin's first user-list page, which
/// reads the whole journal into the user-list projection.
/// </summary>
internal static class ColdStartScenario
{
    private const string Password = "coldstart1";
    private const int Iterations = 1_000;
    private const int Samples = 300;
    private const string AdminId = "coldadmin";
    private const string AdminPassword = "coldadmin-password";
    private const int TouchingAtOnce = 32;
    private static readonly TimeSpan Settling = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(int users, int active, bool buildGateway)
    {
        if (buildGateway)
        {
            Console.Error.WriteLine("coldstart: building the gateway in Release");
            await GatewayBuild.RunAsync();
        }

        using var data = new TemporaryDirectory();
        var pepper = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        await File.WriteAllTextAsync(Path.Combine(data.Path, PepperStore.FileName), Convert.ToBase64String(pepper));
        var hash = new PasswordHasher(Iterations, pepper).Hash(Password);
        Console.Error.WriteLine($"coldstart: writing {users:N0} users into {data.Path}");
        var writing = await ManyUsers.WriteAsync(data.Path, users, hash);
        var databaseBytes = Directory.GetFiles(data.Path, "authactors.db*").Sum(f => new FileInfo(f).Length);

        var clock = Stopwatch.StartNew();
        await using var gateway = await GatewayProcess.StartAsync(data.Path, new Dictionary<string, string>
        {
            ["AUTHACTORS_USERS__HASHING__ITERATIONS"] = Iterations.ToString(CultureInfo.InvariantCulture),
            ["AUTHACTORS_ADMIN_ID"] = AdminId,
            ["AUTHACTORS_ADMIN_PASSWORD"] = AdminPassword,
            // The entities touched below must stay in memory until they are counted.
            ["AUTHACTORS_ENTITIES__PASSIVATE_AFTER"] = "1h",
            ["AUTHACTORS_GATEWAY__TCP__MAX_CONNECTIONS_PER_ADDRESS"] = "1000",
            // Every request comes from this one address, faster than the per-address limit allows on a quiet machine.
            ["AUTHACTORS_GATEWAY__HTTP__REQUESTS_PER_SECOND_PER_ADDRESS"] = "0",
        });
        await using (var first = await LineClient.ConnectAsync(gateway.Port))
        {
            Expect(await first.ReadLineAsync(), "enter your id");
        }

        var accepting = clock.Elapsed;
        var pid = gateway.ProcessId;
        var afterStart = ProcessMemory.Of(pid);
        Console.Error.WriteLine($"coldstart: accepting after {accepting.TotalSeconds:N2} s, {afterStart.Mebibytes} MiB");

        var random = new Random(20261130);
        var dialog = await TimeEachAsync(Samples, async () =>
        {
            var id = ManyUsers.IdOf(random.Next(users));
            await using var client = await LineClient.ConnectAsync(gateway.Port);
            Expect(await client.ReadLineAsync(), "enter your id");
            var started = Stopwatch.GetTimestamp();
            Expect(await client.AskAsync(id), "existing user. enter your password");
            return Stopwatch.GetTimestamp() - started;
        });

        using var http = new HttpClient { BaseAddress = gateway.HttpAddress };
        var logins = await TimeEachAsync(Samples, async () =>
        {
            var id = ManyUsers.IdOf(random.Next(users));
            var started = Stopwatch.GetTimestamp();
            using var response = await http.PostAsJsonAsync("/api/token", new { id, password = Password });
            var elapsed = Stopwatch.GetTimestamp() - started;
            response.EnsureSuccessStatusCode();
            return elapsed;
        });
        var afterRequests = ProcessMemory.Of(pid);

        Console.Error.WriteLine($"coldstart: recovering {active:N0} more users and keeping them in memory");
        var beforeActive = await SettledAsync(pid);
        await TouchAsync(gateway.Port, Math.Min(active, users));
        var afterActive = await SettledAsync(pid);

        var listing = Stopwatch.StartNew();
        var firstPage = await AdminFirstPageAsync(http);
        listing.Stop();
        var afterListing = ProcessMemory.Of(pid);

        new MarkdownTable("measure", "value")
            .Row("users in the journal", users.ToString("N0", CultureInfo.InvariantCulture))
            .Row("journal on disk (MiB)", (databaseBytes / 1048576.0).ToString("N0", CultureInfo.InvariantCulture))
            .Row("time to write them (s, straight into the journal, not measured against a target)", writing.TotalSeconds)
            .Row("start to accepting connections (s, process start to the dialog's first line; target ≤ 10)", accepting.TotalSeconds)
            .Row($"first request for a random user, TCP dialog `existing user` (ms, {Samples} users, p50 / p99; target p99 ≤ 250)", $"{Percentiles.OfTicks(dialog, 50):N1} / {Percentiles.OfTicks(dialog, 99):N1}")
            .Row($"first request for a random user, `POST /api/token` (ms, {Samples} other users, p50 / p99)", $"{Percentiles.OfTicks(logins, 50):N1} / {Percentiles.OfTicks(logins, 99):N1}")
            .Row("resident after start (MiB)", afterStart.Mebibytes)
            .Row($"resident after the {2 * Samples} requests (MiB)", afterRequests.Mebibytes)
            .Row($"memory per active user entity (bytes, resident delta / {Math.Min(active, users):N0} entities recovered by the dialog, {Settling.TotalSeconds:N0} s after each)", PerEntity(beforeActive, afterActive, Math.Min(active, users)))
            .Row("admin's first user-list page (s, the projection reads every user's events once)", listing.Elapsed.TotalSeconds)
            .Row("users the list counted", firstPage)
            .Row("resident after the list (MiB)", afterListing.Mebibytes)
            .Row("peak resident, whole run (MiB, VmHWM; target < 2,048)", (afterListing.PeakResident / 1048576.0).ToString("N1", CultureInfo.InvariantCulture))
            .Print($"coldstart ({users.ToString("N0", CultureInfo.InvariantCulture)} users on SQLite, one gateway process)");
        return 0;
    }

    private static string PerEntity(ProcessMemory before, ProcessMemory after, int entities) =>
        entities == 0 ? "-" : $"{(after.Resident - before.Resident) / entities:N0} ({(after.Anonymous - before.Anonymous) / entities:N0} anonymous)";

    /// <summary>Asks the dialog about users 0 to <paramref name="count"/> - 1, so that each one's entity recovers and stays.</summary>
    private static async Task TouchAsync(int port, int count)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, TouchingAtOnce).Select(async _ =>
        {
            for (var index = Interlocked.Increment(ref next); index < count; index = Interlocked.Increment(ref next))
            {
                await using var client = await LineClient.ConnectAsync(port);
                Expect(await client.ReadLineAsync(), "enter your id");
                Expect(await client.AskAsync(ManyUsers.IdOf(index)), "existing user. enter your password");
                if (index % 20_000 == 19_999)
                {
                    Console.Error.WriteLine($"coldstart: {index + 1:N0} users recovered");
                }
            }
        }));
    }

    /// <summary>The process's memory once the burst's garbage had time to be collected and given back.</summary>
    private static async Task<ProcessMemory> SettledAsync(int pid)
    {
        await Task.Delay(Settling);
        return ProcessMemory.Of(pid);
    }

    private static async Task<List<long>> TimeEachAsync(int count, Func<Task<long>> measure)
    {
        var ticks = new List<long>(count);
        for (var i = 0; i < count; i++)
        {
            ticks.Add(await measure());
        }

        return ticks;
    }

    private static async Task<string> AdminFirstPageAsync(HttpClient http)
    {
        using var token = await http.PostAsJsonAsync("/api/token", new { id = AdminId, password = AdminPassword });
        token.EnsureSuccessStatusCode();
        var accessToken = (await token.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!.GetValue<string>();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/users?page_size=20");
        request.Headers.Authorization = new("Bearer", accessToken);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var page = await response.Content.ReadFromJsonAsync<JsonObject>();
        return page?["total"]?.ToString() ?? "(no total in the page)";
    }

    private static void Expect(string? line, string expected)
    {
        if (line != expected)
        {
            throw new InvalidOperationException($"expected \"{expected}\", got \"{line}\"");
        }
    }
}
