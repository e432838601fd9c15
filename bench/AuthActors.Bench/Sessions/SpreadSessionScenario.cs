using System.Diagnostics;
using System.Globalization;
using AuthActors.Bench.Logins;
using AuthActors.Bench.Reporting;
using AuthActors.TestKit;

namespace AuthActors.Bench.Sessions;

/// <summary>
/// More idle sessions than one process may hold descriptors for (20,000 here): <c>sessions --gateways K</c> spreads
/// N sessions over K gateway processes, each with its own data directory as a single-process deployment runs, and K
/// client processes (<see cref="SessionClientsChild"/>), one per gateway. The memory per session is the sum of the
/// gateways' resident growth over N, read as in <see cref="SessionScenario"/>: before, once all are open and quiet,
/// and once every user has passivated. With <c>--no-presence</c> the gateways run with
/// <c>gateway.session.announce-presence = false</c>: presence costs N²/K lines, hours at 100,000 on two cores.
/// </summary>
internal static class SpreadSessionScenario
{
    private static readonly TimeSpan OpeningBound = TimeSpan.FromMinutes(60);

    public static async Task<int> RunAsync(int sessions, int gatewayCount, bool presence, bool buildGateway)
    {
        if (buildGateway)
        {
            Console.Error.WriteLine("sessions: building the gateway in Release");
            await GatewayBuild.RunAsync();
        }

        var shares = Enumerable.Range(0, gatewayCount).Select(k => sessions / gatewayCount + (k < sessions % gatewayCount ? 1 : 0)).ToArray();
        var directories = shares.Select(_ => new TemporaryDirectory()).ToList();
        var gateways = new List<GatewayProcess>();
        var clients = new List<SessionClientsProcess>();
        ProcessMemory[] before, open, idle;
        TimeSpan opening, quieting;
        var clientExits = new List<int>();
        var gatewayExits = new List<int>();
        try
        {
            for (var k = 0; k < gatewayCount; k++)
            {
                var settings = SessionScenario.Settings(shares[k]);
                settings["AUTHACTORS_GATEWAY__SESSION__ANNOUNCE_PRESENCE"] = presence ? "true" : "false";
                gateways.Add(await GatewayProcess.StartAsync(directories[k].Path, settings));
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
            before = Memory(gateways);
            Console.Error.WriteLine($"sessions: {gatewayCount} gateways, {Mebibytes(before)} MiB resident in all; opening {sessions:N0} sessions from {gatewayCount} client processes");
            var clock = Stopwatch.StartNew();
            for (var k = 0; k < gatewayCount; k++)
            {
                clients.Add(SessionClientsProcess.Start(gateways[k].SessionPort, shares[k], $"g{k}idle"));
            }

            await AllOpenedAsync(clients, gateways, clock);
            opening = clock.Elapsed;
            // The children report every second: quiet once their counts stayed the same for two reports in a row.
            await SessionScenario.QuietAsync(() => clients.Sum(c => c.Status.Lines), TimeSpan.FromSeconds(2.5), TimeSpan.FromMinutes(10));
            quieting = clock.Elapsed - opening;
            open = Memory(gateways);
            Console.Error.WriteLine($"sessions: all open and quiet after {clock.Elapsed.TotalSeconds:N0} s, {Mebibytes(open)} MiB; waiting for the users to passivate");
            await Task.Delay(SessionScenario.PassivateAfter + SessionScenario.IdleSettling);
            idle = Memory(gateways);
        }
        finally
        {
            foreach (var client in clients)
            {
                clientExits.Add(await client.CloseAsync(TimeSpan.FromMinutes(2)));
            }

            foreach (var gateway in gateways)
            {
                gatewayExits.Add(await SessionScenario.StopAsync(gateway));
            }
        }

        var held = clients.Sum(c => c.Status.Opened);
        var failures = clients.Sum(c => c.Status.Failed);
        var firstFailure = clients.Select(c => c.FirstFailure).FirstOrDefault(f => f is not null);
        var expectedPresence = presence ? clients.Sum(c => (long)c.Status.Opened * (c.Status.Opened - 1) / 2) : 0;
        var idlePerGateway = Enumerable.Range(0, gatewayCount)
            .Select(k => (idle[k].Resident - before[k].Resident) / 1024.0 / Math.Max(1, clients[k].Status.Opened))
            .ToArray();
        new MarkdownTable("measure", "value")
            .Row("sessions opened / failed", $"{held:N0} / {failures:N0}{(firstFailure is null ? "" : $" (first: {firstFailure})")}")
            .Row("gateway processes (sessions each) / client processes", $"{gatewayCount} ({string.Join(", ", shares.Select(s => s.ToString("N0", CultureInfo.InvariantCulture)))}) / {clients.Count}")
            .Row("presence lines (`gateway.session.announce-presence`)", presence ? "on" : "off")
            .Row("gateways' resident memory before, in all (MiB)", Mebibytes(before))
            .Row("gateways' resident memory, all open and quiet, in all (MiB)", Mebibytes(open))
            .Row($"gateways' resident memory, idle ({(SessionScenario.PassivateAfter + SessionScenario.IdleSettling).TotalSeconds:N0} s later, users passivated), in all (MiB)", Mebibytes(idle))
            .Row("memory per session, all open (KiB, resident delta / sessions)", PerSession(open, before, held))
            .Row("memory per idle session (KiB, resident delta / sessions)", PerSession(idle, before, held))
            .Row("memory per idle session, each gateway (KiB)", string.Join(", ", idlePerGateway.Select(v => v.ToString("N1", CultureInfo.InvariantCulture))))
            .Row("time to sign up and open them all (s)", opening.TotalSeconds)
            .Row("time until no more lines arrived (s)", quieting.TotalSeconds)
            .Row("lines the clients counted after welcome (expected)", $"{clients.Sum(c => c.Status.Lines):N0} ({expectedPresence:N0})")
            .Row("heap compactions while quiet (gateway logs)", gateways.Sum(g => SessionScenario.Compactions(g.Output)))
            .Row("client / gateway exit codes", $"{string.Join(" ", clientExits)} / {string.Join(" ", gatewayExits)}")
            .Print($"sessions ({sessions.ToString("N0", CultureInfo.InvariantCulture)} idle, {gatewayCount} gateways)");
        foreach (var gateway in gateways)
        {
            await gateway.DisposeAsync();
        }

        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        directories.ForEach(d => d.Dispose());
        return failures == 0 ? 0 : 1;
    }

    private static ProcessMemory[] Memory(List<GatewayProcess> gateways) => [.. gateways.Select(g => ProcessMemory.Of(g.ProcessId))];

    private static string Mebibytes(ProcessMemory[] memory) =>
        $"{memory.Sum(m => m.Resident) / 1024.0 / 1024:N1} ({memory.Sum(m => m.Anonymous) / 1024.0 / 1024:N1} anonymous)";

    private static string PerSession(ProcessMemory[] now, ProcessMemory[] before, int sessions)
    {
        if (sessions == 0)
        {
            return "-";
        }

        var resident = (now.Sum(m => m.Resident) - before.Sum(m => m.Resident)) / (double)sessions;
        var anonymous = (now.Sum(m => m.Anonymous) - before.Sum(m => m.Anonymous)) / (double)sessions;
        return $"{resident / 1024:N1} ({anonymous / 1024:N1} anonymous)";
    }

    // Until every client process has tried all of its sessions, telling progress every 10 s; a gateway that exits or
    // OpeningBound passing ends the run.
    private static async Task AllOpenedAsync(List<SessionClientsProcess> clients, List<GatewayProcess> gateways, Stopwatch clock)
    {
        var next = TimeSpan.FromSeconds(10);
        while (!clients.All(c => c.Status.Opened + c.Status.Failed >= c.Count))
        {
            if (clock.Elapsed > OpeningBound)
            {
                throw new TimeoutException($"the sessions did not open within {OpeningBound}");
            }

            if (gateways.FirstOrDefault(g => g.HasExited) is { } gone)
            {
                throw new InvalidOperationException($"a gateway exited: {gone.Output[^Math.Min(2000, gone.Output.Length)..]}");
            }

            if (clock.Elapsed > next)
            {
                next += TimeSpan.FromSeconds(10);
                Console.Error.WriteLine($"sessions: {clients.Sum(c => c.Status.Opened):N0} opened, {clients.Sum(c => c.Status.Failed):N0} failed after {clock.Elapsed.TotalSeconds:N0} s, {Mebibytes(Memory(gateways))} MiB");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }
}
