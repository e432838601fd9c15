using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests;

/// <summary>The gateway process on PostgreSQL, chosen by AUTHACTORS_STORAGE and AUTHACTORS_POSTGRES alone.</summary>
public sealed class PostgresStorageTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _firstMachine = new();
    private readonly TemporaryDirectory _secondMachine = new();
    private PostgresServer _server = null!;
    private Dictionary<string, string> _settings = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await PostgresServer.StartPrivateAsync();
        _settings = new Dictionary<string, string>
        {
            ["AUTHACTORS_USERS__HASHING__ITERATIONS"] = "1000",
            // Nodes sharing a database share the pepper too, or no password would verify on the other one.
            ["AUTHACTORS_PEPPER"] = Convert.ToBase64String(new byte[32]),
            // And the key that encrypts the shared token-signing keys, or the second could not read them.
            ["AUTHACTORS_TOKEN_KEY"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
            ["AUTHACTORS_STORAGE"] = "postgres",
            ["AUTHACTORS_POSTGRES"] = await _server.CreateDatabaseAsync("gateway"),
        };
    }

    public async ValueTask DisposeAsync()
    {
        _firstMachine.Dispose();
        _secondMachine.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Lost_database_answers_503_then_service_resumes_and_another_node_sees_every_acknowledged_user()
    {
        await using (var gateway = await GatewayProcess.StartAsync(_firstMachine.Path, _settings))
        {
            gateway.Output.ShouldContain("PostgreSQL at 127.0.0.1");
            await using var client = await LineClient.ConnectAsync(gateway.Port);
            await client.ReadLineAsync();
            (await client.AskAsync("ADD before pass1word")).ShouldBe("OK added user:before");

            await _server.StopAsync();
            (await client.AskAsync("LOGIN before pass1word")).ShouldStartWith("ERR 503");
            (await client.AskAsync("ADD during pass1word")).ShouldStartWith("ERR 503");

            await _server.StartAsync();
            string? reply = null;
            await Eventually.ConditionAsync(
                async () => (reply = await client.AskAsync("ADD after pass1word"))?.StartsWith("ERR 503", StringComparison.Ordinal) == false,
                "the gateway serves again once PostgreSQL is back");
            reply.ShouldBe("OK added user:after");
            await gateway.KillAsync();
        }

        await using var other = await GatewayProcess.StartAsync(_secondMachine.Path, _settings);
        await using var again = await LineClient.ConnectAsync(other.Port);
        await again.ReadLineAsync();
        (await again.AskAsync("LOGIN before pass1word")).ShouldBe("OK logged in");
        (await again.AskAsync("LOGIN after pass1word")).ShouldBe("OK logged in");
        (await again.AskAsync("LOGIN during pass1word")).ShouldBe("ERR 401 wrong id or password");
    }
}
