namespace AuthActors.Bench.Tokens;

/// <summary>
/// One user and one session per client: signed up and logged in once, then each client's refresh-token chain
/// (every refresh presents the newest refresh token) and its latest access token for introspection.
/// </summary>
internal sealed class TokenSessions(TokenApiClient api, int clients)
{
    private const string Password = "bench-password-1234";
    private readonly TokenPair[] pairs = new TokenPair[clients];

    public static string UserId(int client) => $"tokens-{client}";

    /// <summary>Signs every client's user up and logs each in with the password grant.</summary>
    public async Task SetUpAsync()
    {
        // A few at a time: sign-up and login hash, and the hashing pool answers 503 busy when its queue is full.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 2 * Environment.ProcessorCount };
        await Parallel.ForEachAsync(Enumerable.Range(0, pairs.Length), parallel, async (client, _) =>
        {
            var signedUp = await api.SignUpAsync(UserId(client), Password);
            if (!signedUp.Succeeded)
            {
                throw new InvalidOperationException($"signing {UserId(client)} up failed: {signedUp.Error}");
            }

            pairs[client] = await LogInAsync(client);
        });
    }

    /// <summary>Rotates the client's refresh token; after a failure the chain starts again with a password login.</summary>
    public async Task<ApiOutcome> RefreshAsync(int client)
    {
        var outcome = await api.RefreshAsync(pairs[client].RefreshToken);
        if (outcome.Pair is { } pair)
        {
            pairs[client] = pair;
        }
        else
        {
            // A refused rotation may have ended the session (reuse detection), so the next try needs a new one.
            pairs[client] = await LogInAsync(client);
        }

        return outcome;
    }

    /// <summary>Introspects the client's latest access token, which is live.</summary>
    public Task<ApiOutcome> IntrospectAsync(int client) => api.IntrospectAsync(pairs[client].AccessToken);

    private async Task<TokenPair> LogInAsync(int client)
    {
        var outcome = await api.PasswordGrantAsync(UserId(client), Password);
        return outcome.Pair ?? throw new InvalidOperationException($"logging {UserId(client)} in failed: {outcome.Error}");
    }
}
