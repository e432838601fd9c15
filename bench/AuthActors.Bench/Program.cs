using System.Globalization;
using AuthActors.Bench;
using AuthActors.Bench.Journal;
using AuthActors.Bench.Logins;
using AuthActors.Bench.Recovery;

// dotnet run -c Release --project bench/AuthActors.Bench -- <logins|journal|recovery|all> [--seconds N] [--no-build]
var scenario = args.FirstOrDefault(a => !a.StartsWith('-')) ?? "";
var seconds = 10.0;
var secondsAt = Array.IndexOf(args, "--seconds");
if (secondsAt >= 0 && (secondsAt + 1 >= args.Length
    || !double.TryParse(args[secondsAt + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out seconds) || seconds <= 0))
{
    return Usage();
}

var timing = new Timing(TimeSpan.FromSeconds(Math.Min(2, seconds)), TimeSpan.FromSeconds(seconds));
var buildGateway = !args.Contains("--no-build");
switch (scenario)
{
    case "logins":
        return await LoginScenario.RunAsync(timing, buildGateway);
    case "journal":
        await JournalScenario.RunAsync(timing);
        return 0;
    case "recovery":
        await RecoveryScenario.RunAsync();
        return 0;
    case "all":
        await JournalScenario.RunAsync(timing);
        await RecoveryScenario.RunAsync();
        return await LoginScenario.RunAsync(timing, buildGateway);
    default:
        return Usage();
}

static int Usage()
{
    Console.Error.WriteLine("usage: AuthActors.Bench <logins|journal|recovery|all> [--seconds N] [--no-build]");
    Console.Error.WriteLine("  --seconds N  measuring time per figure (default 10), after a warm-up of up to 2 s");
    Console.Error.WriteLine("  --no-build   logins: use the Release gateway already built instead of building it first");
    return 2;
}
