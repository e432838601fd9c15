using AuthActors.Bench.Reporting;
using AuthActors.Bench.Tokens;
using AuthActors.TestKit;

namespace AuthActors.Bench.Logins;

/// <summary>
/// Logins per second through the real gateway over TCP and through its HTTP token endpoint, against the raw PBKDF2
/// verify rate of the same machine measured in the same run. Hashing is the cost of a login, so the ratio says how
/// much the rest of the path takes.
/// </summary>
internal static class LoginScenario
{
    private const double Floor = 90;

    public static async Task<int> RunAsync(Timing timing, int clients, bool buildGateway)
    {
        var threads = Environment.ProcessorCount;
        Console.Error.WriteLine($"logins: raw PBKDF2 ({RawHashingRate.ProductionIterations:N0} iterations) on {threads} threads, {timing.WarmUp.TotalSeconds:N0} s warm-up + {timing.Seconds:N0} s");
        var rawBefore = RawHashingRate.Measure(timing);

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
        LoginLoadResult load;
        HttpLoadResult http;
        int exitCode;
        try
        {
            Console.Error.WriteLine($"logins: gateway on port {gateway.Port}; registering {clients} users, then {clients} clients");
            await LoginLoad.RegisterAsync(gateway.Port, clients);
            load = await LoginLoad.RunAsync(gateway.Port, clients, timing);

            Console.Error.WriteLine($"logins: {clients} clients through POST /api/token");
            using var api = new TokenApiClient(gateway.HttpAddress, clients);
            var pid = ProcessCpu.ChildRunning(Path.GetFileName(RepositoryLayout.GatewayDll));
            http = await HttpLoad.RunAsync(clients, timing, pid, client => api.PasswordGrantAsync(LoginLoad.UserId(client), LoginLoad.Password));
        }
        finally
        {
            exitCode = await gateway.StopAsync();
        }

        // Measured again after, because the machine is shared: the two figures show how much the load moved meanwhile.
        Console.Error.WriteLine("logins: raw PBKDF2 again");
        var rawAfter = RawHashingRate.Measure(timing);
        var raw = (rawBefore + rawAfter) / 2;

        var perSecond = load.Logins / timing.Seconds;
        var httpPerSecond = http.Successes / timing.Seconds;
        new MarkdownTable("measure", "value")
            .Row("raw PBKDF2 verifies/s before the gateway (600,000 iterations, " + threads + " threads)", rawBefore)
            .Row("raw PBKDF2 verifies/s after the gateway", rawAfter)
            .Row("gateway logins/s (" + clients + " TCP clients, command mode)", perSecond)
            .Row("gateway login p50 (ms)", Percentiles.OfTicks(load.LatencyTicks, 50))
            .Row("gateway login p99 (ms)", Percentiles.OfTicks(load.LatencyTicks, 99))
            .Row("errors", load.Errors)
            .Row("gateway / raw (mean of before and after)", Ratio(perSecond, raw))
            .Row("gateway logins/s (" + clients + " HTTP clients, POST /api/token)", httpPerSecond)
            .Row("HTTP login p50 (ms)", Percentiles.OfTicks(http.LatencyTicks, 50))
            .Row("HTTP login p99 (ms)", Percentiles.OfTicks(http.LatencyTicks, 99))
            .Row("HTTP errors", http.Errors)
            .Row("HTTP / raw (mean of before and after)", Ratio(httpPerSecond, raw))
            .Row("gateway exit code after SIGTERM", exitCode)
            .Print($"logins ({timing.Seconds:N0} s after {timing.WarmUp.TotalSeconds:N0} s warm-up)");
        if (load.FirstError is { } first)
        {
            Console.WriteLine($"first error: {first}");
        }

        if (http.FirstError is { } firstHttp)
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
