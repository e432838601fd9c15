using AuthActors.Bench.Reporting;
using AuthActors.Bench.Tokens;

namespace AuthActors.Bench.Peers;

/// <summary>The peers scenario's two tables: the ratio of medians per client count, then every measuring window.</summary>
internal static class PeerReport
{
    // Issue 11's target at 64 clients: at least 3x the peer's rotations/s, with a p99 of at most 25 ms.
    private const int TargetClients = 64;
    private const double TargetRatio = 3;
    private const double TargetP99Milliseconds = 25;

    public static void Print(
        Timing timing, IReadOnlyList<int> levels, IReadOnlyList<RefreshRound> rounds, long eventsJournalled,
        int gatewayExit, int peerExit, string peerVersion)
    {
        var summary = new MarkdownTable(
            "clients", "AuthActors rotations/s (median; rounds)", "oidc-provider rotations/s, not persisted (median; rounds)",
            "AuthActors / oidc-provider (ratio of medians)", "p99 ms AuthActors / oidc-provider (median of rounds)",
            "server CPU µs per rotation AuthActors / oidc-provider (median of rounds)", "target");
        foreach (var clients in levels)
        {
            var ours = rounds.Where(r => r.Clients == clients && r.Server == PeerScenario.Names.AuthActors).ToList();
            var theirs = rounds.Where(r => r.Clients == clients && r.Server == PeerScenario.Names.Peer).ToList();
            var ratio = Percentiles.Median(theirs.Select(r => r.Rate)) is var peerRate and > 0 ? Percentiles.Median(ours.Select(r => r.Rate)) / peerRate : 0;
            var p99 = Percentiles.Median(ours.Select(r => P99(r.Load)));
            summary.Row(
                clients,
                RatesCell(ours),
                RatesCell(theirs),
                $"{ratio:N2} x",
                $"{p99:N1} / {Percentiles.Median(theirs.Select(r => P99(r.Load))):N1}",
                $"{Percentiles.Median(ours.Select(CpuPerRotation)):N0} / {Percentiles.Median(theirs.Select(CpuPerRotation)):N0}",
                clients == TargetClients ? Verdict(ratio, p99) : "");
        }

        summary.Print($"peers: refresh rotations, AuthActors vs oidc-provider {peerVersion} ({PeerScenario.Rounds} interleaved rounds of {timing.Seconds:N0} s after {timing.WarmUp.TotalSeconds:N0} s warm-up each)");

        var cores = Environment.ProcessorCount * timing.Seconds;
        var windows = new MarkdownTable(
            "clients", "round", "server", "rotations/s", "p50 (ms)", "p99 (ms)", "errors (warm-up included)",
            "server CPU µs per rotation", "server CPU (share of all cores)", "load generator CPU", "other processes CPU");
        foreach (var round in rounds)
        {
            var cpu = round.Load.Cpu;
            windows.Row(
                round.Clients, round.Round, round.Server, round.Rate,
                Percentiles.OfTicks(round.Load.LatencyTicks, 50), P99(round.Load), round.Load.Errors,
                round.Load.Successes == 0 ? "-" : $"{CpuPerRotation(round):N0}",
                Share(cpu.Gateway, cores), Share(cpu.Bench, cores), Share(cpu.Others, cores));
        }

        windows.Print("peers: every measuring window, in the order run");
        var ourRotations = rounds.Where(r => r.Server == PeerScenario.Names.AuthActors).Sum(r => r.Load.Successes);
        Console.WriteLine($"AuthActors journalled {eventsJournalled:N0} events in its windows for {ourRotations:N0} rotations ({(ourRotations == 0 ? 0 : eventsJournalled / (double)ourRotations):N2} per rotation); exit codes after SIGTERM: gateway {gatewayExit}, oidc-provider {peerExit}.");
        foreach (var round in rounds.Where(r => r.Load.FirstError is not null).DistinctBy(r => r.Server))
        {
            Console.WriteLine($"first {round.Server} error: {round.Load.FirstError}");
        }
    }

    private static string Verdict(double ratio, double p99) =>
        ratio >= TargetRatio && p99 <= TargetP99Milliseconds
            ? "met"
            : $"NOT met (≥ {TargetRatio:N0} x: {(ratio >= TargetRatio ? "yes" : "no")}, p99 ≤ {TargetP99Milliseconds:N0} ms: {(p99 <= TargetP99Milliseconds ? "yes" : "no")})";

    private static string RatesCell(IReadOnlyList<RefreshRound> rounds) =>
        $"{Percentiles.Median(rounds.Select(r => r.Rate)):N0}; {string.Join(", ", rounds.Select(r => r.Rate.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))}";

    private static double CpuPerRotation(RefreshRound round) =>
        round.Load.Successes == 0 ? 0 : 1e6 * round.Load.Cpu.Gateway / round.Load.Successes;

    private static double P99(HttpLoadResult load) => Percentiles.OfTicks(load.LatencyTicks, 99);

    private static string Share(double seconds, double coreSeconds) => $"{seconds:N1} s ({100 * seconds / coreSeconds:N0} %)";
}
