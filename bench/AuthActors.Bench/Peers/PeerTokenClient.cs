using System.Net.Http.Json;
using System.Text.Json.Serialization;
using AuthActors.Bench.Tokens;

namespace AuthActors.Bench.Peers;

/// <summary>
/// The peer's calls: its side endpoint that mints refresh tokens, and its token endpoint's refresh grant as OAuth
/// has it (RFC 6749 section 6: a form, <c>grant_type=refresh_token</c>, the public client's id).
/// </summary>
internal sealed class PeerTokenClient(Uri address, int connections) : IDisposable
{
    private const string ClientId = "bench";
    private readonly HttpClient http = TokenApiClient.Pooled(address, connections);

    /// <summary><paramref name="count"/> fresh refresh tokens, each its own account and grant.</summary>
    public async Task<IReadOnlyList<string>> MintAsync(int count)
    {
        var minted = await http.GetFromJsonAsync<Minted>($"bench/refresh-tokens?count={count}");
        return minted?.RefreshTokens is { } tokens && tokens.Count == count
            ? tokens
            : throw new InvalidOperationException($"the peer did not mint {count} refresh tokens");
    }

    /// <summary><c>POST /token</c> with the refresh grant: the old refresh token is consumed, the new pair comes back.</summary>
    public async Task<ApiOutcome> RefreshAsync(string refreshToken)
    {
        using var form = new FormUrlEncodedContent(
        [
            new KeyValuePair<string, string>("grant_type", "refresh_token"),
            new KeyValuePair<string, string>("client_id", ClientId),
            new KeyValuePair<string, string>("refresh_token", refreshToken),
        ]);
        using var response = await http.PostAsync("token", form);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync();
            return ApiOutcome.Failed($"{(int)response.StatusCode} {body[..Math.Min(body.Length, 200)]}");
        }

        var pair = await response.Content.ReadFromJsonAsync<TokenPair>();
        return pair is { AccessToken.Length: > 0, RefreshToken.Length: > 0 }
            ? new ApiOutcome(true, pair, null)
            : ApiOutcome.Failed("a token response without both tokens");
    }

    public void Dispose() => http.Dispose();

    private sealed record Minted([property: JsonPropertyName("refresh_tokens")] IReadOnlyList<string> RefreshTokens);
}
