using System.Globalization;
using AuthActors.Bench;
using AuthActors.Bench.Abuse;
using AuthActors.Bench.Cluster;
using AuthActors.Bench.ColdStart;
using AuthActors.Bench.Concurrency;
using AuthActors.Bench.Fuzzing;
using AuthActors.Bench.Journal;
using AuthActors.Bench.Logins;
using AuthActors.Bench.Overload;
using AuthActors.Bench.Peers;
using AuthActors.Bench.Plugins;
using AuthActors.Bench.Recovery;
using AuthActors.Bench.Sessions;
using AuthActors.Bench.Storage;
using AuthActors.Bench.Tokens;

// dotnet run -c Release --project bench/AuthActors.Bench -- <logins|journal|recovery|storage|plugins|tokens|peers|sessions|messages|cluster|concurrency|fuzz|overload|abuse|coldstart|all> [--seconds N] [--clients N] [--hold N] [--no-build]
var scenario = args.Length > 0 ? args[0] : "";

// Logins are bound by hashing, so one client per core fills the machine; token requests are cheap and need many.
// Idle sessions: as many as the machine's file limit allows with both ends in one machine (see bench/README.md).
var defaultClients = scenario switch { "tokens" => 64, "plugins" => 500, "sessions" => 2000, "messages" => 1000, _ => Environment.ProcessorCount };
// The peers scenario measures 18 windows (3 client counts, 3 rounds, 2 servers), so its default is shorter.
var defaultSeconds = scenario == "peers" ? 5 : 10;
if (!TryOption("--seconds", defaultSeconds, out var seconds) || !TryOption("--clients", defaultClients, out var clientCount)
    || clientCount < 1 || clientCount != Math.Floor(clientCount) || !TryOption("--hold", 0, out var hold))
{
    return Usage();
}

var timing = new Timing(TimeSpan.FromSeconds(Math.Min(2, seconds)), TimeSpan.FromSeconds(seconds));
var buildGateway = !args.Contains("--no-build");
switch (scenario)
{
    case "logins":
        return await LoginScenario.RunAsync(timing, (int)clientCount, buildGateway);
    case "journal":
        await JournalScenario.RunAsync(timing);
        return 0;
    case "recovery":
        await RecoveryScenario.RunAsync();
        return 0;
    case "storage":
        return await StorageScenario.RunAsync(timing);
    case "plugins":
        return await PluginScenario.RunAsync(timing, (int)clientCount);
    case "tokens":
        return await TokenScenario.RunAsync(timing, (int)clientCount, buildGateway);
    case "peers":
        return await PeerScenario.RunAsync(timing, args.Contains("--clients") ? (int)clientCount : null, buildGateway);
    case "cluster":
        return await ClusterScenario.RunAsync(timing, args.Contains("--clients") ? (int)clientCount : 16, buildGateway);
    case "sessions" when args.Contains("--gateways") || args.Contains("--no-presence"):
        return TryOption("--gateways", 1, out var gatewayCount) && gatewayCount == Math.Floor(gatewayCount)
            ? await SpreadSessionScenario.RunAsync((int)clientCount, (int)gatewayCount, presence: !args.Contains("--no-presence"), buildGateway)
            : Usage();
    case "sessions":
        return await SessionScenario.RunAsync((int)clientCount, buildGateway, TimeSpan.FromSeconds(hold));
    case SessionClientsChild.Mode:
        // A child of `sessions --gateways`, not run by hand.
        return TryOption("--port", 0, out var port) && Array.IndexOf(args, "--prefix") is var prefixAt and > 0 && prefixAt + 1 < args.Length
            ? await SessionClientsChild.RunAsync((int)port, (int)clientCount, args[prefixAt + 1])
            : Usage();
    case "messages":
        return await MessageScenario.RunAsync(timing, (int)clientCount, buildGateway);
    case "concurrency":
        return await ConcurrencyScenario.RunAsync();
    case "abuse":
        return await AbuseScenario.RunAsync(timing, buildGateway);
    case "fuzz":
        return await FuzzScenario.RunAsync(timing, buildGateway);
    case "overload":
        return await OverloadScenario.RunAsync(timing, buildGateway);
    case "coldstart":
        return await ColdStartScenario.RunAsync(
            args.Contains("--users") && TryOption("--users", 0, out var users) ? (int)users : 1_000_000,
            args.Contains("--active") && TryOption("--active", 0, out var active) ? (int)active : 100_000,
            buildGateway);
    case "all":
        await JournalScenario.RunAsync(timing);
        await RecoveryScenario.RunAsync();
        var logins = await LoginScenario.RunAsync(timing, (int)clientCount, buildGateway);

        // --clients is the logins' count here; the token figures are always taken with their 64 clients.
        var tokens = await TokenScenario.RunAsync(timing, 64, buildGateway: false);
        return Math.Max(logins, tokens);
    default:
        return Usage();
}

bool TryOption(string name, double fallback, out double value)
{
    value = fallback;
    var at = Array.IndexOf(args, name);
    return at < 0 || (at + 1 < args.Length
        && double.TryParse(args[at + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out value) && value > 0);
}

static int Usage()
{
    Console.Error.WriteLine("usage: AuthActors.Bench <logins|journal|recovery|storage|plugins|tokens|peers|sessions|messages|cluster|concurrency|fuzz|overload|abuse|coldstart|all> [--seconds N] [--clients N] [--hold N] [--no-build]");
    Console.Error.WriteLine("  --seconds N  measuring time per figure (default 10; peers: 5), after a warm-up of up to 2 s");
    Console.Error.WriteLine("  --clients N  logins: TCP clients, each its own user and connection (default: one per core);");
    Console.Error.WriteLine("               tokens: HTTP clients, each its own user and session (default: 64)");
    Console.Error.WriteLine("               peers: only this many concurrent refresh-token chains (default: 1, 16 and 64 in turn)");
    Console.Error.WriteLine("               sessions: idle online sessions, each its own user (default: 2,000)");
    Console.Error.WriteLine("               messages: connected clients messaging each other (default: 1,000)");
    Console.Error.WriteLine("  --users N    coldstart: users written into the journal before the gateway starts (default: 1,000,000)");
    Console.Error.WriteLine("  --active N   coldstart: users then recovered and kept in memory, to measure an entity (default: 100,000)");
    Console.Error.WriteLine("  --gateways K sessions: spread the sessions over K gateway processes, each with its own client process");
    Console.Error.WriteLine("               (one process may hold 20,000 descriptors here)");
    Console.Error.WriteLine("  --no-presence sessions: the gateways run with gateway.session.announce-presence = false");
    Console.Error.WriteLine("  --hold N     sessions: keep the sessions open N s after measuring, to attach dotnet-gcdump or dotnet-counters");
    Console.Error.WriteLine("  --no-build   logins, tokens, peers, sessions: use the Release gateway already built instead of building it first");
    return 2;
}
