using AuthActors.Bench.Reporting;
using AuthActors.Bench.Tokens;
using AuthActors.TestKit;

namespace AuthActors.Bench.Logins;

/// <summary>
/// Logins per second through the real gateway over TCP and through its HTTP token endpoint, against the raw PBKDF2
/// verify rate of the same machine measured in the same run. Hashing is the cost of a login, so the ratio says how
/// much the rest of the path takes. The three take turns in slices, so that a change of load on a shared machine
/// falls on each alike.
/// </summary>
internal static class LoginScenario
{
    private const double Floor = 90;
    private const int Slices = 5;

    public static async Task<int> RunAsync(Timing timing, int clients, bool buildGateway)
    {
        var threads = Environment.ProcessorCount;
        if (buildGateway)
        {
            Console.Error.WriteLine("logins: building the gateway in Release");
            await GatewayBuild.RunAsync();
        }

        using var data = new TemporaryDirectory();
        // Both rate limits off: every HTTP client shares one address, and each logs its own user in again and again.
        await using var gateway = await GatewayProcess.StartAsync(data.Path, new Dictionary<string, string>
        {
            ["AUTHACTORS_GATEWAY__HTTP__REQUESTS_PER_SECOND_PER_ADDRESS"] = "0",
            ["AUTHACTORS_GATEWAY__HTTP__PASSWORD_ATTEMPTS_PER_MINUTE_PER_ACCOUNT"] = "0",
        });
        var raw = 0.0;
        var tcp = new List<LoginLoadResult>();
        var http = new List<HttpLoadResult>();
        int exitCode;
        try
        {
            Console.Error.WriteLine($"logins: gateway on port {gateway.Port}; registering {clients} users");
            await LoginLoad.RegisterAsync(gateway.Port, clients);
            using var api = new TokenApiClient(gateway.HttpAddress, clients);
            var pid = ProcessCpu.ChildRunning(Path.GetFileName(RepositoryLayout.GatewayDll));
            var measures = new Func<Timing, Task>[]
            {
                slice => Task.Run(() => raw += RawHashingRate.Measure(slice) * slice.Seconds),
                async slice => tcp.Add(await LoginLoad.RunAsync(gateway.Port, clients, slice)),
                async slice => http.Add(await HttpLoad.RunAsync(clients, slice, pid, client => api.PasswordGrantAsync(LoginLoad.UserId(client), LoginLoad.Password))),
            };
            Console.Error.WriteLine($"logins: raw PBKDF2 ({RawHashingRate.ProductionIterations:N0} iterations) on {threads} threads, {clients} TCP clients and {clients} HTTP clients, taking turns in {Slices} slices of {timing.Seconds / Slices:N1} s");
            for (var slice = 0; slice < Slices; slice++)
            {
                // Every slice warms up for at least one login, so that none starts with an empty pipeline.
                var sliceTiming = new Timing(slice == 0 ? timing.WarmUp : TimeSpan.FromSeconds(Math.Min(1, timing.WarmUp.TotalSeconds)), timing.Measure / Slices);
                for (var turn = 0; turn < measures.Length; turn++)
                {
                    // The order rotates, so that none of the three always follows another.
                    await measures[(slice + turn) % measures.Length](sliceTiming);
                }
            }
        }
        finally
        {
            exitCode = await gateway.StopAsync();
        }

        var rawPerSecond = raw / timing.Seconds;
        var perSecond = tcp.Sum(r => r.Logins) / timing.Seconds;
        var tcpLatencies = tcp.SelectMany(r => r.LatencyTicks).ToList();
        var httpPerSecond = http.Sum(r => r.Successes) / timing.Seconds;
        var httpLatencies = http.SelectMany(r => r.LatencyTicks).ToList();
        new MarkdownTable("measure", "value")
            .Row($"raw PBKDF2 verifies/s ({RawHashingRate.ProductionIterations:N0} iterations, {threads} threads)", rawPerSecond)
            .Row("gateway logins/s (" + clients + " TCP clients, command mode)", perSecond)
            .Row("gateway login p50 (ms)", Percentiles.OfTicks(tcpLatencies, 50))
            .Row("gateway login p99 (ms)", Percentiles.OfTicks(tcpLatencies, 99))
            .Row("errors", tcp.Sum(r => r.Errors))
            .Row("gateway / raw", Ratio(perSecond, rawPerSecond))
            .Row("gateway logins/s (" + clients + " HTTP clients, POST /api/token)", httpPerSecond)
            .Row("HTTP login p50 (ms)", Percentiles.OfTicks(httpLatencies, 50))
            .Row("HTTP login p99 (ms)", Percentiles.OfTicks(httpLatencies, 99))
            .Row("HTTP errors", http.Sum(r => r.Errors))
            .Row("HTTP / raw", Ratio(httpPerSecond, rawPerSecond))
            .Row("gateway exit code after SIGTERM", exitCode)
            .Print($"logins ({timing.Seconds:N0} s each in {Slices} slices taking turns, after {timing.WarmUp.TotalSeconds:N0} s warm-up)");
        if (tcp.Select(r => r.FirstError).FirstOrDefault(e => e is not null) is { } first)
        {
            Console.WriteLine($"first error: {first}");
        }

        if (http.Select(r => r.FirstError).FirstOrDefault(e => e is not null) is { } firstHttp)
        {
            Console.WriteLine($"first HTTP error: {firstHttp}");
        }

        return 0;
    }

    private static string Ratio(double rate, double raw)
    {
        var percent = raw > 0 ? 100 * rate / raw : 0;
        return $"{percent:N1} % (floor {Floor:N0} %: {(percent >= Floor ? "met" : "NOT met")})";
    }
}
