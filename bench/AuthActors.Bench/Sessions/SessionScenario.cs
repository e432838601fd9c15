using System.Diagnostics;
using System.Globalization;
using AuthActors.Bench.Logins;
using AuthActors.Bench.Reporting;
using AuthActors.Bench.Tokens;
using AuthActors.TestKit;

namespace AuthActors.Bench.Sessions;

/// <summary>
/// Idle online sessions one gateway holds and the memory each costs: N clients sign up on the session port and stay
/// connected, each reading (and dropping) the presence lines the others' logins cause. The gateway's resident memory
/// is read from <c>/proc</c> before the first session and after the last; the difference over N is the cost of one.
/// </summary>
internal static class SessionScenario
{
    private const int OpeningAtOnce = 32;
    private const long TargetBytesPerSession = 10 * 1024;

    public static async Task<int> RunAsync(int sessions, bool buildGateway)
    {
        if (buildGateway)
        {
            Console.Error.WriteLine("sessions: building the gateway in Release");
            await GatewayBuild.RunAsync();
        }

        using var data = new TemporaryDirectory();
        await using var gateway = await GatewayProcess.StartAsync(data.Path, Settings(sessions));
        var pid = ProcessCpu.ChildRunning("AuthActors.Gateway.dll");
        var clients = new List<LineClient>(sessions);
        var drains = new List<Task<long>>(sessions);
        int exitCode;
        long before;
        long after;
        TimeSpan opening;
        long presenceLines;
        try
        {
            before = ResidentBytes(pid);
            Console.Error.WriteLine($"sessions: gateway pid {pid}, {before / 1048576.0:N1} MiB resident; opening {sessions} sessions, {OpeningAtOnce} at a time");
            var clock = Stopwatch.StartNew();
            using var opened = new SemaphoreSlim(OpeningAtOnce);
            var opens = Enumerable.Range(0, sessions).Select(async i =>
            {
                await opened.WaitAsync();
                try
                {
                    return await OpenAsync(gateway.SessionPort, $"idle{i}");
                }
                finally
                {
                    opened.Release();
                }
            });
            foreach (var client in await Task.WhenAll(opens))
            {
                clients.Add(client);
                drains.Add(DrainAsync(client));
            }

            opening = clock.Elapsed;

            // Let the last presence lines land before reading memory: the sessions are then truly idle.
            await Task.Delay(TimeSpan.FromSeconds(3));
            after = ResidentBytes(pid);
        }
        finally
        {
            // Disconnect first: every logout is told to everyone still online, so a stop with N sessions open is
            // N² presence lines, and those lines to closed connections fail fast.
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }

            exitCode = await StopAsync(gateway);
        }

        presenceLines = (await Task.WhenAll(drains)).Sum();
        var perSession = (after - before) / sessions;
        new MarkdownTable("measure", "value")
            .Row("idle sessions held", sessions)
            .Row("gateway resident memory before (MiB)", before / 1048576.0)
            .Row("gateway resident memory with every session open (MiB)", after / 1048576.0)
            .Row("memory per session (KiB, resident delta / sessions)", $"{perSession / 1024.0:N1} (target ≤ {TargetBytesPerSession / 1024} KiB: {(perSession <= TargetBytesPerSession ? "met" : "NOT met")})")
            .Row("time to sign up and open them all (s)", opening.TotalSeconds)
            .Row("presence lines the clients read while opening", presenceLines)
            .Row("gateway exit code after SIGTERM", exitCode)
            .Print($"sessions ({sessions.ToString("N0", CultureInfo.InvariantCulture)} idle)");
        return 0;
    }

    private static async Task<int> StopAsync(GatewayProcess gateway)
    {
        try
        {
            return await gateway.StopAsync();
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine("sessions: the gateway did not stop within the deadline; killed");
            await gateway.KillAsync();
            return -1;
        }
    }

    private static Dictionary<string, string> Settings(int sessions) => new()
    {
        // Sign-up is not what is measured; the default hashing cost would make opening take minutes.
        ["AUTHACTORS_USERS__HASHING__ITERATIONS"] = "1000",
        ["AUTHACTORS_GATEWAY__TCP__MAX_CONNECTIONS"] = (sessions + 100).ToString(CultureInfo.InvariantCulture),
        ["AUTHACTORS_GATEWAY__TCP__MAX_CONNECTIONS_PER_ADDRESS"] = (sessions + 100).ToString(CultureInfo.InvariantCulture),
        ["AUTHACTORS_GATEWAY__SESSION__TIMEOUT"] = "1h",
    };

    private static async Task<LineClient> OpenAsync(int port, string id)
    {
        var client = await LineClient.ConnectAsync(port);
        await client.ReadLineAsync();
        await client.SendLineAsync(id);
        await client.ReadLineAsync();
        await client.SendLineAsync("idle1234");
        await client.ReadUntilAsync(line => line == $"welcome {id}");
        return client;
    }

    // Reads and counts what the gateway sends (presence lines) until it closes the connection.
    private static async Task<long> DrainAsync(LineClient client)
    {
        long lines = 0;
        try
        {
            while (await client.ReadLineAsync(TimeSpan.FromHours(1)) is not null)
            {
                lines++;
            }
        }
        catch (Exception gone) when (gone is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The run is over.
        }

        return lines;
    }

    private static long ResidentBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"no VmRSS for process {pid}");
    }
}
