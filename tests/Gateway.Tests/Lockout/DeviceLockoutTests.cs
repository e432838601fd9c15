using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using AuthActors.Gateway.Tests.Http;
using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Lockout;

/// <summary>
/// Device mode on the HTTP API as deployed (three failures lock untrusted clients for ten minutes), with the
/// per-account attempt limit off so that what is shown is the user entity's rule, not the edge's limiter.
/// </summary>
public sealed class DeviceLockoutFixture : HttpFixture
{
    protected override Dictionary<string, string> Settings => new(base.Settings)
    {
        ["AUTHACTORS_USERS__LOCKOUT__BLOCK_DURATION"] = "10m",
        ["AUTHACTORS_GATEWAY__HTTP__PASSWORD_ATTEMPTS_PER_MINUTE_PER_ACCOUNT"] = "0",
        ["AUTHACTORS_GATEWAY__HTTP__REQUESTS_PER_SECOND_PER_ADDRESS"] = "0",
    };
}

public sealed class DeviceLockoutTests(DeviceLockoutFixture fixture) : IClassFixture<DeviceLockoutFixture>
{
    private const string Password = "correct horse battery";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_attacker_hammering_from_many_addresses_cannot_stop_the_user_logging_in_from_a_trusted_device()
    {
        using var http = fixture.Client();
        var (id, first) = await fixture.NewUserWithTokensAsync(http, "victim", Password);
        var device = HttpFixture.Text(first, "device_token");
        device.ShouldStartWith("dv1.");

        // Eight attacker addresses guess without pause while the user logs in twenty times from the trusted device.
        using var stop = new CancellationTokenSource();
        var attackers = Enumerable.Range(2, 8).Select(n => AttackAsync(FromAddress($"127.0.0.{n}"), id, stop.Token)).ToList();
        var userStatuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            using var login = await http.PostAsJsonAsync("/api/token", new { id, password = Password, device_token = device }, Ct);
            userStatuses.Add(login.StatusCode);
        }

        await stop.CancelAsync();
        var attempts = (await Task.WhenAll(attackers)).Sum();
        attempts.ShouldBeGreaterThan(20);
        userStatuses.ShouldAllBe(s => s == HttpStatusCode.OK);

        // Untrusted clients are locked as configured: even the right password is refused, with the time left.
        using var untrusted = await http.PostAsJsonAsync("/api/token", new { id, password = Password }, Ct);
        var problem = await HttpFixture.ProblemAsync(untrusted, 423);
        problem["retry_after"]!.GetValue<int>().ShouldBeInRange(500, 600);

        // A forged device token is untrusted too.
        using var forged = await http.PostAsJsonAsync("/api/token", new { id, password = Password, device_token = device[..^4] + "AAAA" }, Ct);
        forged.StatusCode.ShouldBe((HttpStatusCode)423);

        // The account-mode budget of the TCP dialog is its own: the HTTP guessing did not lock it.
        await using var tcp = await LineClient.ConnectAsync(fixture.Gateway.Port);
        (await tcp.ReadLineAsync()).ShouldBe("enter your id");
        (await tcp.AskAsync(id)).ShouldBe("existing user. enter your password");
        (await tcp.AskAsync(Password)).ShouldBe("<<close>>successfully logged in");
    }

    [Fact]
    public async Task A_device_token_names_its_device_again_and_works_for_its_user_only()
    {
        using var http = fixture.Client();
        var (alice, aliceTokens) = await fixture.NewUserWithTokensAsync(http, "alice", Password);
        var (bob, _) = await fixture.NewUserWithTokensAsync(http, "bob", Password);
        var aliceDevice = HttpFixture.Text(aliceTokens, "device_token");

        var again = await HttpFixture.PostJsonAsync(http, "/api/token", new { id = alice, password = Password, device_token = aliceDevice });
        HttpFixture.Text(again, "device_token").ShouldBe(aliceDevice);

        // Alice's device token is no device of bob's: bob's three failures with it lock bob's untrusted clients.
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await http.PostAsJsonAsync("/api/token", new { id = bob, password = "not bob's password", device_token = aliceDevice }, Ct);
        }

        using var refused = await http.PostAsJsonAsync("/api/token", new { id = bob, password = Password }, Ct);
        refused.StatusCode.ShouldBe((HttpStatusCode)423);
    }

    [Fact]
    public async Task A_trusted_device_that_fails_five_times_locks_itself_alone()
    {
        using var http = fixture.Client();
        var (id, laptopTokens) = await fixture.NewUserWithTokensAsync(http, "clumsy", Password);
        var phone = HttpFixture.Text(await HttpFixture.PostJsonAsync(http, "/api/token", new { id, password = Password }), "device_token");
        var laptop = HttpFixture.Text(laptopTokens, "device_token");

        var statuses = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await http.PostAsJsonAsync("/api/token", new { id, password = "typo typo typo", device_token = laptop }, Ct);
            statuses.Add((int)wrong.StatusCode);
        }

        statuses.ShouldBe([401, 401, 401, 401, 423]);
        using (var locked = await http.PostAsJsonAsync("/api/token", new { id, password = Password, device_token = laptop }, Ct))
        {
            locked.StatusCode.ShouldBe((HttpStatusCode)423);
        }

        await HttpFixture.PostJsonAsync(http, "/api/token", new { id, password = Password, device_token = phone });
        await HttpFixture.PostJsonAsync(http, "/api/token", new { id, password = Password });
    }

    // Wrong passwords from one address until stopped; returns how many were sent.
    private async Task<int> AttackAsync(HttpClient attacker, string id, CancellationToken stop)
    {
        var sent = 0;
        using (attacker)
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var response = await attacker.PostAsJsonAsync("/api/token", new { id, password = $"guess {sent}" }, stop);
                    response.StatusCode.ShouldBeOneOf(HttpStatusCode.Unauthorized, (HttpStatusCode)423);
                    sent++;
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break;
                }
            }
        }

        return sent;
    }

    // A client whose connections come from another loopback address: the gateway sees a different client address.
    private HttpClient FromAddress(string address) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { BaseAddress = fixture.Gateway.HttpAddress, Timeout = TimeSpan.FromSeconds(30) };
}
