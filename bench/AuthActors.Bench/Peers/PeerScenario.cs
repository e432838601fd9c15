using AuthActors.Bench.Logins;
using AuthActors.Bench.Tokens;
using AuthActors.TestKit;

namespace AuthActors.Bench.Peers;

/// <summary>
/// Issue 11's refresh comparison: the same closed-loop refresh load (each client its own refresh-token chain) sent
/// to AuthActors (the gateway in single-process mode, SQLite, every rotation journalled before the reply) and to
/// oidc-provider (in memory, not persisted), one after the other, in interleaved rounds; the ratio of medians.
/// </summary>
internal static class PeerScenario
{
    public const int Rounds = 3;
    private static readonly int[] DefaultClients = [1, 16, 64];

    public static async Task<int> RunAsync(Timing timing, int? onlyClients, bool buildGateway)
    {
        int[] levels = onlyClients is { } only ? [only] : DefaultClients;
        var chains = levels.Max();
        await PeerInstall.EnsureAsync();
        if (buildGateway)
        {
            Console.Error.WriteLine("peers: building the gateway in Release");
            await GatewayBuild.RunAsync();
        }

        using var data = new TemporaryDirectory();
        var rounds = new List<RefreshRound>();
        var journalled = new List<(DateTimeOffset From, DateTimeOffset To)>();
        int gatewayExit;
        int peerExit;
        await using (var gateway = await GatewayProcess.StartAsync(data.Path, TokenScenario.GatewaySettings()))
        await using (var peer = await PeerProcess.StartAsync())
        {
            try
            {
                var gatewayPid = ProcessCpu.ChildRunning(Path.GetFileName(RepositoryLayout.GatewayDll));
                using var api = new TokenApiClient(gateway.HttpAddress, chains);
                using var peerApi = new PeerTokenClient(peer.Address, chains);
                var sessions = new TokenSessions(api, chains);
                var peerChains = new PeerChains(peerApi, chains);
                Console.Error.WriteLine($"peers: AuthActors (pid {gatewayPid}) on {gateway.HttpAddress}, oidc-provider (pid {peer.ProcessId}) on {peer.Address}; {chains} refresh-token chains on each");
                await sessions.SetUpAsync();
                await peerChains.SetUpAsync();
                RefreshServer[] servers =
                [
                    new(Names.AuthActors, gatewayPid, sessions.RefreshAsync),
                    new(Names.Peer, peer.ProcessId, peerChains.RefreshAsync),
                ];

                foreach (var clients in levels)
                {
                    for (var round = 1; round <= Rounds; round++)
                    {
                        // Who goes first alternates, so that a drift of the machine's load falls on both alike.
                        foreach (var server in round % 2 == 1 ? servers : servers.Reverse())
                        {
                            Console.Error.WriteLine($"peers: {clients} clients, round {round}/{Rounds}: {server.Name}");
                            var from = DateTimeOffset.UtcNow + timing.WarmUp;
                            var load = await HttpLoad.RunAsync(clients, timing, server.ProcessId, server.RefreshAsync);
                            rounds.Add(new RefreshRound(clients, round, server.Name, load, timing));
                            if (server.Name == Names.AuthActors)
                            {
                                journalled.Add((from, from + timing.Measure));
                            }
                        }
                    }
                }
            }
            finally
            {
                gatewayExit = await gateway.StopAsync();
                peerExit = await peer.StopAsync();
            }
        }

        var database = Path.Combine(data.Path, "authactors.db");
        var events = journalled.Sum(span => JournalFootprint.Read(database, span.From, span.To).EventCount);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        PeerReport.Print(timing, levels, rounds, events, gatewayExit, peerExit, PeerInstall.InstalledVersion());
        return 0;
    }

    /// <summary>The two servers' names in the tables; the peer's says it does not persist, next to every figure.</summary>
    public static class Names
    {
        public const string AuthActors = "AuthActors (SQLite, journalled before the reply)";
        public const string Peer = "oidc-provider (in memory, not persisted)";
    }
}
