namespace AuthActors.Bench.Peers;

/// <summary>
/// One refresh-token chain per client on the peer, as <see cref="Tokens.TokenSessions"/> holds them on AuthActors:
/// every refresh presents the newest token; after a refused one the client starts a new chain.
/// </summary>
internal sealed class PeerChains(PeerTokenClient peer, int clients)
{
    private readonly string[] tokens = new string[clients];

    public async Task SetUpAsync()
    {
        var minted = await peer.MintAsync(tokens.Length);
        for (var client = 0; client < tokens.Length; client++)
        {
            tokens[client] = minted[client];
        }
    }

    public async Task<Tokens.ApiOutcome> RefreshAsync(int client)
    {
        var outcome = await peer.RefreshAsync(tokens[client]);

        // A refused rotation may have revoked the grant (reuse detection), so the next try needs a new chain.
        tokens[client] = outcome.Pair?.RefreshToken ?? (await peer.MintAsync(1))[0];
        return outcome;
    }
}
