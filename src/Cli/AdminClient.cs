using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AuthActors.Cli;

/// <summary>
/// The admin API of a running service, signed in with an admin credential: one access token per run, held in the
/// client's default header and never printed. Failures become <see cref="CliFailure"/>s with their exit code: no
/// answer at all or 5xx is <see cref="ExitCodes.Unreachable"/>, any other refusal <see cref="ExitCodes.Refused"/>
/// with the service's own problem detail. 429 and 503 with a Retry-After are waited out a few times first.
/// </summary>
internal sealed class AdminClient : IDisposable
{
    private const int MaxRetries = 5;
    private static readonly TimeSpan MaxRetryWait = TimeSpan.FromSeconds(5);
    private readonly HttpClient _http;

    private readonly AdminCredential _credential;
    private bool _signedIn;

    /// <summary>A client for the service at <paramref name="url"/>; it signs in with the first request.</summary>
    public AdminClient(Uri url, AdminCredential credential, HttpMessageHandler? handler)
    {
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.BaseAddress = url;
        _http.Timeout = TimeSpan.FromSeconds(100);
        _credential = credential;
    }

    public Uri Url => _http.BaseAddress!;

    /// <summary>GET a JSON document.</summary>
    public async Task<JsonNode> GetAsync(string path, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Get, path, (JsonNode?)null, cancellationToken) ?? throw new CliFailure(ExitCodes.Unreachable, $"{path} answered no body");

    /// <summary>Sends a request; the JSON answer, or null for 204.</summary>
    public async Task<JsonNode?> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        await SignInAsync(cancellationToken);
        return await SendAsync(method, path, body, cancellationToken, signingIn: false);
    }

    /// <summary>GET a streamed body, copied to <paramref name="destination"/>.</summary>
    public async Task DownloadAsync(string path, Stream destination, CancellationToken cancellationToken)
    {
        await SignInAsync(cancellationToken);
        using var response = await ExchangeAsync(() => new HttpRequestMessage(HttpMethod.Get, path), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await EnsureSuccessAsync(response, signingIn: false, cancellationToken);
        await response.Content.CopyToAsync(destination, cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    // POST /api/token once; the access token (never printed) goes into the default header for what follows.
    private async Task SignInAsync(CancellationToken cancellationToken)
    {
        if (_signedIn)
        {
            return;
        }

        var body = new JsonObject { ["id"] = _credential.User, ["password"] = _credential.Password };
        var tokens = await SendAsync(HttpMethod.Post, "/api/token", body, cancellationToken, signingIn: true);
        var access = tokens?["access_token"]?.GetValue<string>()
            ?? throw new CliFailure(ExitCodes.Unreachable, "the service answered the sign-in without an access token");
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", access);
        _signedIn = true;
    }

    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken, bool signingIn)
    {
        using var response = await ExchangeAsync(
            () => new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) },
            HttpCompletionOption.ResponseContentRead,
            cancellationToken);
        await EnsureSuccessAsync(response, signingIn, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return null;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            throw new CliFailure(ExitCodes.Unreachable, $"{path} answered something that is not JSON: is {Url} an AuthActors gateway?");
        }
    }

    private async Task<HttpResponseMessage> ExchangeAsync(Func<HttpRequestMessage> request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            HttpResponseMessage response;
            try
            {
                using var message = request();
                response = await _http.SendAsync(message, completion, cancellationToken);
            }
            catch (HttpRequestException error)
            {
                throw new CliFailure(ExitCodes.Unreachable, $"cannot reach the service at {Url}: {error.Message}");
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new CliFailure(ExitCodes.Unreachable, $"the service at {Url} did not answer in time");
            }

            // Busy or rate-limited: the service says when to come back; a short wait is better than failing a script.
            if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable
                && attempt < MaxRetries && response.Headers.RetryAfter?.Delta is { } wait)
            {
                response.Dispose();
                await Task.Delay(wait < MaxRetryWait ? wait : MaxRetryWait, cancellationToken);
                continue;
            }

            return response;
        }
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, bool signingIn, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;
        var detail = await DetailAsync(response, cancellationToken);
        if (status >= 500)
        {
            throw new CliFailure(ExitCodes.Unreachable, $"the service could not serve the request ({status}): {detail}");
        }

        throw new CliFailure(ExitCodes.Refused, (signingIn, status) switch
        {
            (true, 401) => "the admin credential was refused: wrong id or password",
            (true, _) => $"signing in was refused ({status}): {detail}",
            (false, 403) => $"refused: {detail}",
            (false, 404) => $"not found: {detail}",
            _ => string.Create(CultureInfo.InvariantCulture, $"refused ({status}): {detail}"),
        });
    }

    // The problem document's detail and listed errors, or the status text when the body is not a problem.
    private static async Task<string> DetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var detail = problem?["detail"]?.GetValue<string>() ?? response.ReasonPhrase ?? "no detail";
            var errors = problem?["errors"]?.AsArray().Select(e => e?.GetValue<string>()).OfType<string>().ToList();
            return errors is { Count: > 0 } && !errors.All(detail.Contains) ? $"{detail}: {string.Join("; ", errors)}" : detail;
        }
        catch (Exception error) when (error is System.Text.Json.JsonException or InvalidOperationException)
        {
            return response.ReasonPhrase ?? "no detail";
        }
    }
}
