using System.Diagnostics;
using System.Globalization;
using AuthActors.Bench.Logins;
using AuthActors.Bench.Reporting;
using AuthActors.Bench.Tokens;
using AuthActors.TestKit;

namespace AuthActors.Bench.Sessions;

/// <summary>
/// Idle online sessions one gateway holds and the memory each costs: N clients sign up on the session port and stay
/// connected, each counting (not decoding) the presence lines the others' logins send it. The gateway's resident
/// memory is read before the first session, once the presence lines have stopped, and again once every user entity
/// has passivated (an idle session's user is not in memory); the difference over N is the cost of one.
/// </summary>
internal static class SessionScenario
{
    private const int OpeningAtOnce = 64;
    private const long TargetBytesPerSession = 10 * 1024;

    // Short enough to wait for in a run; the default is 2 minutes. An idle session's entity passivates either way.
    internal static readonly TimeSpan PassivateAfter = TimeSpan.FromSeconds(15);
    internal static readonly TimeSpan IdleSettling = TimeSpan.FromSeconds(45);

    public static async Task<int> RunAsync(int sessions, bool buildGateway, TimeSpan hold)
    {
        if (buildGateway)
        {
            Console.Error.WriteLine("sessions: building the gateway in Release");
            await GatewayBuild.RunAsync();
        }

        using var data = new TemporaryDirectory();
        await using var gateway = await GatewayProcess.StartAsync(data.Path, Settings(sessions));
        var pid = ProcessCpu.ChildRunning("AuthActors.Gateway.dll");
        var opening = new SessionOpening(sessions);
        ProcessMemory before, open, idle;
        TimeSpan openingTime, quieting;
        int exitCode;
        try
        {
            // Let the start-up settle (JIT, first allocations) so that "before" is a fair baseline.
            await Task.Delay(TimeSpan.FromSeconds(2));
            before = ProcessMemory.Of(pid);
            Console.Error.WriteLine($"sessions: gateway pid {pid}, {before.Mebibytes} MiB resident; opening {sessions} sessions, {OpeningAtOnce} at a time");
            var clock = Stopwatch.StartNew();
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(30));
            await opening.OpenAsync(gateway.SessionPort, "idle", OpeningAtOnce, i =>
            {
                if (i % 1000 == 999)
                {
                    Console.Error.WriteLine($"sessions: {i + 1} opened after {clock.Elapsed.TotalSeconds:N0} s, {ProcessMemory.Of(pid).Mebibytes} MiB");
                }
            }, deadline.Token);
            openingTime = clock.Elapsed;

            // The presence lines of the last logins are still on their way: wait until none arrive for 2 s.
            await QuietAsync(() => opening.Lines.Total, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(10));
            quieting = clock.Elapsed - openingTime;
            open = ProcessMemory.Of(pid);
            Console.Error.WriteLine($"sessions: all open and quiet after {clock.Elapsed.TotalSeconds:N0} s, {open.Mebibytes} MiB; waiting for the users to passivate");

            // The users passivate after PassivateAfter; Kestrel's memory pool gives back the blocks the presence
            // bursts used about 10 % every 10 s of quiet. Both are what an idle gateway looks like.
            await Task.Delay(PassivateAfter + IdleSettling);
            idle = ProcessMemory.Of(pid);
            if (hold > TimeSpan.Zero)
            {
                Console.Error.WriteLine($"sessions: holding {hold.TotalSeconds:N0} s (e.g. dotnet-gcdump collect -p {pid})");
                await Task.Delay(hold);
            }
        }
        finally
        {
            // Disconnect first: every logout is told to everyone still online.
            await opening.CloseAsync();
            exitCode = await StopAsync(gateway);
        }

        var (held, failures, firstFailure) = (opening.Opened, opening.Failed, opening.FirstFailure);
        long expectedPresence = (long)held * (held - 1) / 2;
        new MarkdownTable("measure", "value")
            .Row("sessions opened / failed", $"{held:N0} / {failures:N0}{(firstFailure is null ? "" : $" (first: {firstFailure})")}")
            .Row("gateway resident memory before (MiB)", before.Mebibytes)
            .Row("gateway resident memory, all open, presence done (MiB)", open.Mebibytes)
            .Row($"gateway resident memory, idle ({(PassivateAfter + IdleSettling).TotalSeconds:N0} s later, users passivated) (MiB)", idle.Mebibytes)
            .Row("memory per session, all open (KiB, resident delta / sessions)", PerSession(open, before, held))
            .Row("memory per idle session (KiB, resident delta / sessions)", PerSession(idle, before, held))
            .Row("time to sign up and open them all (s)", openingTime.TotalSeconds)
            .Row("time until the last presence line arrived (s)", quieting.TotalSeconds)
            .Row("presence lines the clients counted (expected n(n-1)/2)", $"{opening.Lines.Total:N0} ({expectedPresence:N0})")
            .Row("heap compactions while quiet (gateway log, `memory.trim-when-idle`)", Compactions(gateway.Output))
            .Row("gateway exit code after SIGTERM", exitCode)
            .Print($"sessions ({sessions.ToString("N0", CultureInfo.InvariantCulture)} idle)");
        return failures == 0 ? 0 : 1;
    }

    private static string PerSession(ProcessMemory now, ProcessMemory before, int sessions)
    {
        if (sessions == 0)
        {
            return "-";
        }

        var resident = (now.Resident - before.Resident) / sessions;
        var anonymous = (now.Anonymous - before.Anonymous) / sessions;
        var met = resident <= TargetBytesPerSession ? "met" : "NOT met";
        return $"{resident / 1024.0:N1} ({anonymous / 1024.0:N1} anonymous; target ≤ {TargetBytesPerSession / 1024} KiB: {met})";
    }

    internal static int Compactions(string gatewayOutput) =>
        gatewayOutput.Split('\n').Count(line => line.Contains("of free heap: compacted", StringComparison.Ordinal));

    /// <summary>
    /// Waits until <paramref name="lines"/> stayed the same for <paramref name="every"/> (the presence lines of the
    /// last logins have arrived), at most <paramref name="bound"/>.
    /// </summary>
    internal static async Task QuietAsync(Func<long> lines, TimeSpan every, TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        var last = -1L;
        while (clock.Elapsed < bound && lines() is var now && now != last)
        {
            last = now;
            await Task.Delay(every);
        }
    }

    internal static async Task<int> StopAsync(GatewayProcess gateway)
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

    /// <summary>The gateway settings of the session scenarios: cheap sign-up, room for every client, long timeouts.</summary>
    internal static Dictionary<string, string> Settings(int sessions) => new()
    {
        // Sign-up is not what is measured; the default hashing cost would make opening take minutes.
        ["AUTHACTORS_USERS__HASHING__ITERATIONS"] = "1000",
        ["AUTHACTORS_GATEWAY__TCP__MAX_CONNECTIONS"] = (sessions + 100).ToString(CultureInfo.InvariantCulture),
        ["AUTHACTORS_GATEWAY__TCP__MAX_CONNECTIONS_PER_ADDRESS"] = (sessions + 100).ToString(CultureInfo.InvariantCulture),
        ["AUTHACTORS_GATEWAY__SESSION__TIMEOUT"] = "1h",
        ["AUTHACTORS_ENTITIES__PASSIVATE_AFTER"] = $"{PassivateAfter.TotalSeconds:0}s",
    };
}
