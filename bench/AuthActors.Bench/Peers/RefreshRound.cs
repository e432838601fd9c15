using AuthActors.Bench.Tokens;

namespace AuthActors.Bench.Peers;

/// <summary>A server the refresh load is sent to: its name in the tables, its process (for its CPU) and one rotation.</summary>
internal sealed record RefreshServer(string Name, int ProcessId, Func<int, Task<ApiOutcome>> RefreshAsync);

/// <summary>One measuring window: a server under <paramref name="Clients"/> concurrent refresh-token chains in one round.</summary>
internal sealed record RefreshRound(int Clients, int Round, string Server, HttpLoadResult Load, Timing Timing)
{
    public double Rate => Load.Successes / Timing.Seconds;
}
