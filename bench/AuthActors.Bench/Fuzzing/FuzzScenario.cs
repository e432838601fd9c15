using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AuthActors.Bench.Logins;
using AuthActors.Bench.Reporting;
using AuthActors.TestKit;
using AuthActors.TestKit.Fuzzing;

namespace AuthActors.Bench.Fuzzing;

/// <summary>
/// The fuzz targets of the test suite run longer against one gateway process, with their counts: inputs tried,
/// failures (a 500, a crash, an input left without an answer), and the distinct answers they got. The seeds are the
/// suite's, so the first inputs are the ones CI tries and the rest go further.
/// </summary>
internal static class FuzzScenario
{
    public static async Task<int> RunAsync(Timing timing, bool buildGateway)
    {
        if (buildGateway)
        {
            Console.Error.WriteLine("fuzz: building the gateway in Release");
            await GatewayBuild.RunAsync();
        }

        using var data = new TemporaryDirectory();
        await using var gateway = await GatewayProcess.StartAsync(data.Path, new Dictionary<string, string>
        {
            ["AUTHACTORS_USERS__HASHING__ITERATIONS"] = "1000",
            ["AUTHACTORS_GATEWAY__HTTP__REQUESTS_PER_SECOND_PER_ADDRESS"] = "0",
            ["AUTHACTORS_GATEWAY__HTTP__PASSWORD_ATTEMPTS_PER_MINUTE_PER_ACCOUNT"] = "0",
            ["AUTHACTORS_USERS__LOCKOUT__BLOCK_DURATION"] = "1s",
        });
        using var http = new HttpClient { BaseAddress = gateway.HttpAddress, Timeout = TimeSpan.FromSeconds(30) };
        (await http.PostAsJsonAsync("/api/users", new { id = "fuzz-owner", password = "correct horse battery" })).EnsureSuccessStatusCode();
        var tokens = await (await http.PostAsJsonAsync("/api/token", new { id = "fuzz-owner", password = "correct horse battery" })).Content.ReadFromJsonAsync<JsonObject>();
        var access = tokens!["access_token"]!.GetValue<string>();

        var budget = timing.Measure;
        Console.Error.WriteLine($"fuzz: {budget.TotalSeconds:N0} s per target");
        var before = ProcessMemory.Of(gateway.ProcessId);
        var reports = new List<(FuzzReport Report, ProcessMemory After)>
        {
            (await LineFuzzer.LoginPortAsync(gateway.Port, 4224, budget), ProcessMemory.Of(gateway.ProcessId)),
            (await LineFuzzer.SessionPortAsync(gateway.Port, gateway.SessionPort, 4225, budget), ProcessMemory.Of(gateway.ProcessId)),
            (await HttpFuzzer.ApiAsync(http, access, 8080, budget), ProcessMemory.Of(gateway.ProcessId)),
        };
        var alive = !gateway.HasExited;
        var exitCode = await gateway.StopAsync();

        var table = new MarkdownTable("target", "inputs tried", "failures", "distinct answers", "gateway resident MiB after", "most frequent answers");
        foreach (var (report, after) in reports)
        {
            table.Row(
                report.Target,
                report.Inputs,
                report.Failures.Count,
                report.DistinctAnswers,
                after.Mebibytes,
                string.Join("; ", report.Answers.OrderByDescending(a => a.Value).Take(4).Select(a => $"{a.Key} ×{a.Value}")));
        }

        table.Print($"fuzz ({budget.TotalSeconds:N0} s per target; gateway resident before: {before.Mebibytes} MiB; alive at the end: {alive}, exit code after SIGTERM {exitCode})");
        foreach (var failure in reports.SelectMany(r => r.Report.Failures))
        {
            Console.WriteLine($"failure: {failure}");
        }

        return reports.Sum(r => r.Report.Failures.Count) == 0 && alive ? 0 : 1;
    }
}
