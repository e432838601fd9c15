using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests;

public sealed class ProcessLifecycleTests : IDisposable
{
    private static readonly Dictionary<string, string> Settings = new() { ["AUTHACTORS_USERS__HASHING__ITERATIONS"] = "1000" };
    private readonly TemporaryDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task After_kill_9_users_log_in_and_lock_out_is_as_it_was()
    {
        await using (var gateway = await GatewayProcess.StartAsync(_data.Path, Settings))
        {
            await using var client = await LineClient.ConnectAsync(gateway.Port);
            await client.ReadLineAsync();
            for (var i = 0; i < 20; i++)
            {
                (await client.AskAsync($"ADD user{i} pass{i}word")).ShouldBe($"OK added user:user{i}");
            }

            (await client.AskAsync("LOGIN user0 wrong1")).ShouldBe("ERR 401 wrong id or password");
            (await client.AskAsync("LOGIN user0 wrong2")).ShouldBe("ERR 401 wrong id or password");
            (await client.AskAsync("LOGIN user0 wrong3")).ShouldStartWith("ERR 423 your account is blocked for");
            (await client.AskAsync("LOGIN user1 wrong1")).ShouldBe("ERR 401 wrong id or password");
            await gateway.KillAsync();
        }

        await using (var restarted = await GatewayProcess.StartAsync(_data.Path, Settings))
        {
            await using var client = await LineClient.ConnectAsync(restarted.Port);
            await client.ReadLineAsync();
            for (var i = 2; i < 20; i++)
            {
                (await client.AskAsync($"LOGIN user{i} pass{i}word")).ShouldBe("OK logged in");
            }

            (await client.AskAsync("LOGIN user0 pass0word")).ShouldStartWith("ERR 423 your account is blocked for");

            // user1 had one failure before the crash: two more lock the account, so the count survived.
            (await client.AskAsync("LOGIN user1 wrong2")).ShouldBe("ERR 401 wrong id or password");
            (await client.AskAsync("LOGIN user1 wrong3")).ShouldStartWith("ERR 423 your account is blocked for");
        }
    }

    [Fact]
    public async Task Sigterm_tells_waiting_clients_finishes_and_exits_0_with_everything_durable()
    {
        var gateway = await GatewayProcess.StartAsync(_data.Path, Settings);
        await using (gateway)
        {
            await using var client = await LineClient.ConnectAsync(gateway.Port);
            await client.ReadLineAsync();
            (await client.AskAsync("ADD graceful pass1word")).ShouldBe("OK added user:graceful");

            await using var waiting = await LineClient.ConnectAsync(gateway.Port);
            (await waiting.ReadLineAsync()).ShouldBe("enter your id");

            (await gateway.StopAsync()).ShouldBe(0);
            (await waiting.ReadLineAsync()).ShouldBe("<<close>>the server is shutting down, please connect again later");
        }

        await using var restarted = await GatewayProcess.StartAsync(_data.Path, Settings);
        await using var again = await LineClient.ConnectAsync(restarted.Port);
        await again.ReadLineAsync();
        (await again.AskAsync("LOGIN graceful pass1word")).ShouldBe("OK logged in");
    }
}
