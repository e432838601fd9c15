using System.Net.Http.Json;
using System.Text.Json;
using AuthActors.Gateway.Tests.Http;
using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Operations;

/// <summary>
/// The gateway's log with <c>--log-format json</c> at debug level, captured from the real process's output, after a
/// full scenario on every interface: one JSON object per line, the request lines carry connection and user id, and
/// no line holds a password, a token issued, the pepper or the token key.
/// </summary>
public sealed class LogTests : IAsyncLifetime
{
    private const string Password = "correct horse battery";
    private const string WrongPassword = "wrong-password-94731";
    private const string NewPassword = "a brand new passphrase";
    private static readonly string Pepper = Convert.ToBase64String(Enumerable.Range(40, 32).Select(i => (byte)i).ToArray());
    private static readonly string TokenKey = Convert.ToBase64String(Enumerable.Range(90, 32).Select(i => (byte)i).ToArray());
    private readonly TemporaryDirectory _data = new();
    private GatewayProcess _gateway = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _gateway = await GatewayProcess.StartAsync(
            _data.Path,
            new Dictionary<string, string>
            {
                ["AUTHACTORS_USERS__HASHING__ITERATIONS"] = "1000",
                ["AUTHACTORS_PEPPER"] = Pepper,
                ["AUTHACTORS_TOKEN_KEY"] = TokenKey,
                ["Logging__LogLevel__Default"] = "Debug",
                // ASP.NET Core's per-request lines too, so that they are searched for secrets as well.
                ["AUTHACTORS_LOG__ASPNETCORE_LEVEL"] = "Debug",
            },
            ["--log-format", "json"]);

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task A_full_scenario_logs_json_lines_with_request_scopes_and_no_secret()
    {
        var id = GatewayFixture.NewId("logs");
        var secrets = new List<string> { Password, WrongPassword, NewPassword, Pepper, TokenKey };
        using var http = new HttpClient { BaseAddress = _gateway.HttpAddress };

        (await http.PostAsJsonAsync("/api/users", new { id, password = Password }, Ct)).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync("/api/token", new { id, password = WrongPassword }, Ct)).StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
        var tokens = await HttpFixture.PostJsonAsync(http, "/api/token", new { id, password = Password });
        var refreshed = await HttpFixture.PostJsonAsync(http, "/api/token/refresh", new { refresh_token = HttpFixture.Text(tokens, "refresh_token") });
        foreach (var issued in new[] { tokens, refreshed })
        {
            secrets.Add(HttpFixture.Text(issued, "access_token"));
            secrets.Add(HttpFixture.Text(issued, "refresh_token"));
            // The refresh token's last segment is its secret; the id and session id before it are not.
            secrets.Add(HttpFixture.Text(issued, "refresh_token").Split('.')[^1]);
            // A JWT's signature, in case a line held a token cut short.
            secrets.Add(HttpFixture.Text(issued, "access_token").Split('.')[^1]);
        }

        await using (var login = await LineClient.ConnectAsync(_gateway.Port))
        {
            await login.ReadLineAsync();
            (await login.AskAsync($"LOGIN {id} {WrongPassword}")).ShouldBe("ERR 401 wrong id or password");
            (await login.AskAsync($"LOGIN {id} {Password}")).ShouldBe("OK logged in");
            (await login.AskAsync($"TOKEN {id} {Password}"))!.ShouldStartWith("OK access_token=");
        }

        await using (var session = await LineClient.ConnectAsync(_gateway.SessionPort))
        {
            await session.ReadLineAsync();
            (await session.AskAsync(id)).ShouldBe("existing user. enter your password");
            (await session.AskAsync(Password)).ShouldBe($"welcome {id}");
            (await session.AskAsync("logout")).ShouldBe($"<<close>>goodbye {id}");
        }

        var change = await http.SendAsync(HttpFixture.WithBearer(HttpMethod.Put, "/api/me/password", HttpFixture.Text(refreshed, "access_token"),
            new { current_password = Password, new_password = NewPassword }), Ct);
        change.StatusCode.ShouldBe(System.Net.HttpStatusCode.NoContent);
        await using (var login = await LineClient.ConnectAsync(_gateway.Port))
        {
            await login.ReadLineAsync();
            (await login.AskAsync($"LOGIN {id} {NewPassword}")).ShouldBe("OK logged in");
        }

        // The last command's entity line is written before its reply; wait for it rather than for time.
        await Eventually.ConditionAsync(() => _gateway.Output.Contains("handled ChangePassword", StringComparison.Ordinal), "the entity logged the password change");
        var lines = _gateway.Output.Split('\n');
        lines.Length.ShouldBeGreaterThan(20);
        var requestLines = 0;
        var httpPaths = new HashSet<string>();
        foreach (var line in lines)
        {
            foreach (var secret in secrets)
            {
                line.ShouldNotContain(secret, Case.Sensitive, $"a secret in the log: {line}");
            }

            using var entry = JsonDocument.Parse(line);
            entry.RootElement.ValueKind.ShouldBe(JsonValueKind.Object, line);
            entry.RootElement.TryGetProperty("LogLevel", out _).ShouldBeTrue(line);
            entry.RootElement.TryGetProperty("Message", out _).ShouldBeTrue(line);
            if (entry.RootElement.GetProperty("Message").GetString() is { } message && message.StartsWith($"Entity {id} handled", StringComparison.Ordinal))
            {
                requestLines++;
                var scopes = entry.RootElement.GetProperty("Scopes").EnumerateArray().ToList();
                scopes.Any(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("ConnectionId", out _)).ShouldBeTrue($"no connection id: {line}");
                scopes.Any(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("UserId", out var user) && user.GetString() == id).ShouldBeTrue($"no user id: {line}");
                foreach (var scope in scopes.Where(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("RequestPath", out _)))
                {
                    httpPaths.Add(scope.GetProperty("RequestPath").GetString()!);
                }
            }
        }

        // Sign-up, two token logins, refresh, three TCP logins and a token, the session open and close, the change...
        requestLines.ShouldBeGreaterThanOrEqualTo(10);

        // The HTTP requests' entity lines say which endpoint they came through; the TCP ones have no path.
        httpPaths.ShouldBe(["/api/users", "/api/token", "/api/token/refresh", "/api/me/password"], ignoreOrder: true);
    }
}
