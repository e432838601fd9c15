using System.Net;
using System.Net.Http.Json;
using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Http;

/// <summary>Three password attempts per minute per account; no address limit.</summary>
public sealed class AccountLimitFixture : HttpFixture
{
    protected override Dictionary<string, string> Settings => new(base.Settings)
    {
        ["AUTHACTORS_GATEWAY__HTTP__PASSWORD_ATTEMPTS_PER_MINUTE_PER_ACCOUNT"] = "3",
        ["AUTHACTORS_GATEWAY__HTTP__REQUESTS_PER_SECOND_PER_ADDRESS"] = "0",
        ["AUTHACTORS_USERS__LOCKOUT__MAX_FAILURES"] = "100",
    };
}

/// <summary>One request a second per address after a burst of 20.</summary>
public sealed class AddressLimitFixture : HttpFixture
{
    protected override Dictionary<string, string> Settings => new(base.Settings)
    {
        ["AUTHACTORS_GATEWAY__HTTP__REQUESTS_PER_SECOND_PER_ADDRESS"] = "1",
        ["AUTHACTORS_GATEWAY__HTTP__BURST_PER_ADDRESS"] = "20",
    };
}

/// <summary>Access tokens that live one second, with no clock skew allowed.</summary>
public sealed class ShortTokenFixture : HttpFixture
{
    protected override Dictionary<string, string> Settings => new(base.Settings)
    {
        ["AUTHACTORS_TOKENS__ACCESS_TOKEN_LIFETIME"] = "1s",
        ["AUTHACTORS_TOKENS__CLOCK_SKEW"] = "0s",
    };
}

public sealed class AccountLimitTests(AccountLimitFixture fixture) : IClassFixture<AccountLimitFixture>
{
    [Fact]
    public async Task Password_attempts_past_the_per_account_budget_are_429_with_retry_after_even_with_the_right_password()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = fixture.Client();
        var id = GatewayFixture.NewId("limited");
        (await http.PostAsJsonAsync("/api/users", new { id, password = "correct horse battery" }, ct)).EnsureSuccessStatusCode();
        for (var i = 0; i < 3; i++)
        {
            (await http.PostAsJsonAsync("/api/token", new { id, password = "wrong password!" }, ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var limited = await http.PostAsJsonAsync("/api/token", new { id, password = "correct horse battery" }, ct);
        await HttpFixture.ProblemAsync(limited, 429);
        limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeGreaterThan(0);

        // Another account from the same address is not affected.
        var (_, tokens) = await fixture.NewUserWithTokensAsync(http, "neighbour");
        tokens.ContainsKey("access_token").ShouldBeTrue();
    }
}

public sealed class AddressLimitTests(AddressLimitFixture fixture) : IClassFixture<AddressLimitFixture>
{
    [Fact]
    public async Task A_flood_from_one_address_gets_429_problems_with_retry_after()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = fixture.Client();
        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => http.GetAsync("/api/me", ct)));
        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        refused.ShouldNotBeEmpty();
        await HttpFixture.ProblemAsync(refused[0], 429);
        refused[0].Headers.RetryAfter.ShouldNotBeNull();
        responses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized).ShouldBeInRange(20, 21);
    }
}

public sealed class ExpiryTests(ShortTokenFixture fixture) : IClassFixture<ShortTokenFixture>
{
    [Fact]
    public async Task An_expired_access_token_is_401_saying_so()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = fixture.Client();
        var (_, tokens) = await fixture.NewUserWithTokensAsync(http, "expiry");
        var access = HttpFixture.Text(tokens, "access_token");

        var detail = "";
        await Eventually.ConditionAsync(
            async () =>
            {
                var me = await http.SendAsync(HttpFixture.WithBearer(HttpMethod.Get, "/api/me", access), ct);
                if (me.StatusCode != HttpStatusCode.Unauthorized)
                {
                    return false;
                }

                detail = (await HttpFixture.ProblemAsync(me, 401))["detail"]!.GetValue<string>();
                return true;
            },
            "the one-second token expired");
        detail.ShouldBe("the access token has expired");
    }
}
