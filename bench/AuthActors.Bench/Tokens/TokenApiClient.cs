using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AuthActors.Bench.Tokens;

/// <summary>The fields of the gateway's token response the bench uses (OAuth names, RFC 6749 section 5.1).</summary>
internal sealed record TokenPair(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("refresh_token")] string RefreshToken);

/// <summary>What one request ended as: the new pair (if any), or why it failed.</summary>
internal readonly record struct ApiOutcome(bool Succeeded, TokenPair? Pair, string? Error)
{
    public static ApiOutcome Failed(string error) => new(false, null, error);
}

/// <summary>
/// The JSON API calls the bench makes, over one <see cref="HttpClient"/> whose pool holds a connection per
/// concurrent client, so each client's requests go out at once instead of queueing for a connection.
/// </summary>
internal sealed class TokenApiClient : IDisposable
{
    public const string IntrospectionClientId = "bench";
    public const string IntrospectionSecret = "bench-introspection-secret";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient http;
    private readonly AuthenticationHeaderValue introspectionCredentials = new(
        "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{IntrospectionClientId}:{IntrospectionSecret}")));

    public TokenApiClient(Uri address, int connections)
    {
        http = Pooled(address, connections);
    }

    /// <summary>
    /// An <see cref="HttpClient"/> on <paramref name="address"/> with a connection per concurrent client, kept open:
    /// the one client set-up every server the bench loads is measured through.
    /// </summary>
    public static HttpClient Pooled(Uri address, int connections)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        return new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary><c>POST /api/users</c>; true when the account was created.</summary>
    public async Task<ApiOutcome> SignUpAsync(string id, string password)
    {
        using var response = await http.PostAsync("api/users", JsonBody(new { id, password }));
        return response.StatusCode == HttpStatusCode.Created
            ? new ApiOutcome(true, null, null)
            : ApiOutcome.Failed(await DescribeAsync(response));
    }

    /// <summary><c>POST /api/token</c> with the password: a new session's first pair.</summary>
    public async Task<ApiOutcome> PasswordGrantAsync(string id, string password)
    {
        using var response = await http.PostAsync("api/token", JsonBody(new { id, password }));
        return await PairAsync(response);
    }

    /// <summary><c>POST /api/token/refresh</c>: the old refresh token stops working, the new pair comes back.</summary>
    public async Task<ApiOutcome> RefreshAsync(string refreshToken)
    {
        using var response = await http.PostAsync("api/token/refresh", JsonBody(new RefreshBody(refreshToken)));
        return await PairAsync(response);
    }

    /// <summary><c>POST /api/token/introspect</c> as RFC 7662 has it: a form, HTTP Basic client credentials.</summary>
    public async Task<ApiOutcome> IntrospectAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/token/introspect")
        {
            Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("token", token)]),
        };
        request.Headers.Authorization = introspectionCredentials;
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            return ApiOutcome.Failed(await DescribeAsync(response));
        }

        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        return body.RootElement.TryGetProperty("active", out var active) && active.ValueKind == JsonValueKind.True
            ? new ApiOutcome(true, null, null)
            : ApiOutcome.Failed("introspection answered active: false");
    }

    public void Dispose() => http.Dispose();

    private static async Task<ApiOutcome> PairAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            return ApiOutcome.Failed(await DescribeAsync(response));
        }

        var pair = await response.Content.ReadFromJsonAsync<TokenPair>(Json);
        return pair is { AccessToken.Length: > 0, RefreshToken.Length: > 0 }
            ? new ApiOutcome(true, pair, null)
            : ApiOutcome.Failed("a token response without both tokens");
    }

    private static async Task<string> DescribeAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        return $"{(int)response.StatusCode} {body[..Math.Min(body.Length, 200)]}";
    }

    /// <summary>
    /// The body serialised up front, so it goes with a Content-Length as browsers and curl send it (PostAsJsonAsync
    /// streams it chunked, which costs the server a chunked-body parser per request and no real client does).
    /// </summary>
    private static ByteArrayContent JsonBody<T>(T value)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, Json));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private sealed record RefreshBody([property: JsonPropertyName("refresh_token")] string RefreshToken);
}
