using AuthActors.Bench.Logins;
using AuthActors.Bench.Reporting;
using AuthActors.TestKit;

namespace AuthActors.Bench.Tokens;

/// <summary>
/// Refresh rotations and introspections per second through the real gateway's JSON API, with the CPU each process
/// used; then in-process JWT validations next to bare ES256 verifies, and signing.
/// </summary>
internal static class TokenScenario
{
    private const double RefreshTarget = 2_000;
    private const double IntrospectionTarget = 5_000;

    public static async Task<int> RunAsync(Timing timing, int clients, bool buildGateway)
    {
        var threads = Environment.ProcessorCount;
        Console.Error.WriteLine($"tokens: in-process validate / JWKS validate / raw ES256 verify / issue on {threads} workers, 5 interleaved slices, {timing.WarmUp.TotalSeconds:N0} s warm-up + {timing.Seconds:N0} s each");
        JwtRatesResult jwt;
        using (var fixture = await SigningFixture.OpenAsync())
        {
            jwt = await JwtRates.MeasureAsync(fixture, timing);
        }

        if (buildGateway)
        {
            Console.Error.WriteLine("tokens: building the gateway in Release");
            await GatewayBuild.RunAsync();
        }

        using var data = new TemporaryDirectory();
        HttpLoadResult refresh;
        HttpLoadResult introspection;
        (DateTimeOffset From, DateTimeOffset To) refreshSpan;
        (DateTimeOffset From, DateTimeOffset To) introspectionSpan;
        int exitCode;
        await using (var gateway = await GatewayProcess.StartAsync(data.Path, GatewaySettings()))
        {
            try
            {
                var pid = ProcessCpu.ChildRunning(Path.GetFileName(RepositoryLayout.GatewayDll));
                using var api = new TokenApiClient(gateway.HttpAddress, clients);
                var sessions = new TokenSessions(api, clients);
                Console.Error.WriteLine($"tokens: gateway (pid {pid}) on {gateway.HttpAddress}; signing up and logging in {clients} users");
                await sessions.SetUpAsync();

                Console.Error.WriteLine($"tokens: {clients} clients refreshing");
                refreshSpan = Span(timing);
                refresh = await HttpLoad.RunAsync(clients, timing, pid, sessions.RefreshAsync);

                Console.Error.WriteLine($"tokens: {clients} clients introspecting");
                introspectionSpan = Span(timing);
                introspection = await HttpLoad.RunAsync(clients, timing, pid, sessions.IntrospectAsync);
            }
            finally
            {
                exitCode = await gateway.StopAsync();
            }
        }

        var database = Path.Combine(data.Path, "authactors.db");
        var refreshWrites = JournalFootprint.Read(database, refreshSpan.From, refreshSpan.To);
        var introspectionWrites = JournalFootprint.Read(database, introspectionSpan.From, introspectionSpan.To);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        PrintHttp(timing, clients, refresh, introspection, refreshWrites, introspectionWrites, exitCode);
        PrintInProcess(timing, threads, jwt);
        return 0;
    }

    // Rate limits off (one address sends everything), one introspection client, and cheap hashing for the set-up
    // only: after the first login neither refresh nor introspection hashes a password.
    public static Dictionary<string, string> GatewaySettings() => new()
    {
        ["AUTHACTORS_GATEWAY__HTTP__REQUESTS_PER_SECOND_PER_ADDRESS"] = "0",
        ["AUTHACTORS_GATEWAY__HTTP__PASSWORD_ATTEMPTS_PER_MINUTE_PER_ACCOUNT"] = "0",
        [$"AUTHACTORS_GATEWAY__HTTP__INTROSPECTION_CLIENTS__{TokenApiClient.IntrospectionClientId.ToUpperInvariant()}"] = TokenApiClient.IntrospectionSecret,
        ["AUTHACTORS_USERS__HASHING__ITERATIONS"] = "1000",
    };

    // The wall-clock span of a run's measuring window, to find what the gateway journalled in it.
    private static (DateTimeOffset From, DateTimeOffset To) Span(Timing timing)
    {
        var from = DateTimeOffset.UtcNow + timing.WarmUp;
        return (from, from + timing.Measure);
    }

    private static void PrintHttp(
        Timing timing, int clients, HttpLoadResult refresh, HttpLoadResult introspection,
        JournalFootprint refreshWrites, JournalFootprint introspectionWrites, int exitCode)
    {
        var cores = Environment.ProcessorCount * timing.Seconds;
        var refreshRate = refresh.Successes / timing.Seconds;
        var introspectionRate = introspection.Successes / timing.Seconds;
        new MarkdownTable("measure", "refresh (POST /api/token/refresh)", "introspection (POST /api/token/introspect)")
            .Row($"successes/s ({clients} HTTP clients)", refreshRate, introspectionRate)
            .Row("target", $"{RefreshTarget:N0}/s: {Met(refreshRate, RefreshTarget)}", $"{IntrospectionTarget:N0}/s: {Met(introspectionRate, IntrospectionTarget)}")
            .Row("errors (warm-up included)", refresh.Errors, introspection.Errors)
            .Row("p50 (ms)", Percentiles.OfTicks(refresh.LatencyTicks, 50), Percentiles.OfTicks(introspection.LatencyTicks, 50))
            .Row("p99 (ms)", Percentiles.OfTicks(refresh.LatencyTicks, 99), Percentiles.OfTicks(introspection.LatencyTicks, 99))
            .Row("gateway CPU s (share of all cores)", CpuCell(refresh.Cpu.Gateway, cores), CpuCell(introspection.Cpu.Gateway, cores))
            .Row("load generator CPU s (share of all cores)", CpuCell(refresh.Cpu.Bench, cores), CpuCell(introspection.Cpu.Bench, cores))
            .Row("other processes CPU s (share of all cores)", CpuCell(refresh.Cpu.Others, cores), CpuCell(introspection.Cpu.Others, cores))
            .Row("gateway CPU per request (µs)", PerRequest(refresh), PerRequest(introspection))
            .Row("load generator CPU per request (µs)", PerRequest(refresh, c => c.Bench), PerRequest(introspection, c => c.Bench))
            .Row("journalled per request", refreshWrites.PerOperation(refresh.Successes), introspectionWrites.PerOperation(introspection.Successes))
            .Row("snapshot rows stamped in the window (the store keeps the newest 2 per user)", refreshWrites.Snapshots, introspectionWrites.Snapshots)
            .Row("gateway exit code after SIGTERM", exitCode, "")
            .Print($"tokens over HTTP ({timing.Seconds:N0} s each after {timing.WarmUp.TotalSeconds:N0} s warm-up; SQLite WAL + synchronous=FULL)");
        foreach (var (name, result) in new[] { ("refresh", refresh), ("introspection", introspection) })
        {
            if (result.FirstError is { } first)
            {
                Console.WriteLine($"first {name} error: {first}");
            }
        }
    }

    private static void PrintInProcess(Timing timing, int threads, JwtRatesResult jwt) =>
        new MarkdownTable("measure", "per second")
            .Row($"AccessTokenValidator.ValidateAsync ({threads} workers)", jwt.Validations)
            .Row($"raw ES256 verify, ECDsa.VerifyData on the same signing input and key ({threads} workers)", jwt.RawVerifies)
            .Row("validator / raw verify", $"{100 * jwt.Validations / Math.Max(1, jwt.RawVerifies):N1} %")
            .Row($"another service: JsonWebTokenHandler with the keys of the JWKS ({threads} workers)", jwt.JwksValidations)
            .Row("JWKS validation / raw verify", JwksFloor(jwt))
            .Row($"AccessTokenIssuer.Issue ({threads} workers)", jwt.Issues)
            .Print($"tokens in process ({timing.Seconds:N0} s each in 5 interleaved slices, after {timing.WarmUp.TotalSeconds:N0} s warm-up)");

    // Issue 11: another service validating from the JWKS reaches at least 80 % of the raw ES256 verify rate.
    private static string JwksFloor(JwtRatesResult jwt)
    {
        var percent = 100 * jwt.JwksValidations / Math.Max(1, jwt.RawVerifies);
        return $"{percent:N1} % (floor 80 %: {(percent >= 80 ? "met" : "NOT met")})";
    }

    private static string Met(double rate, double target) => rate >= target ? "met" : "NOT met";

    private static string CpuCell(double seconds, double coreSeconds) => $"{seconds:N1} ({100 * seconds / coreSeconds:N0} %)";

    private static string PerRequest(HttpLoadResult result, Func<CpuSplit, double>? of = null) =>
        result.Successes == 0 ? "-" : $"{1e6 * (of ?? (c => c.Gateway))(result.Cpu) / result.Successes:N0}";
}
