using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Abuse;

/// <summary>A small password bucket per address, so that one address spends it in a few lines.</summary>
public sealed class PasswordFloodFixture : GatewayFixture
{
    protected override Dictionary<string, string> Settings => new(base.Settings)
    {
        ["AUTHACTORS_GATEWAY__TCP__PASSWORD_ATTEMPTS_PER_SECOND_PER_ADDRESS"] = "1",
        ["AUTHACTORS_GATEWAY__TCP__PASSWORD_BURST_PER_ADDRESS"] = "5",
    };
}

/// <summary>
/// One address cannot keep the hashing pool busy with password commands on the TCP ports: past its bucket it is
/// answered ERR 429 at once, and another address is served at once.
/// </summary>
public sealed class PasswordFloodTests(PasswordFloodFixture fixture) : IClassFixture<PasswordFloodFixture>
{
    [Fact]
    public async Task An_address_that_spends_its_password_bucket_is_refused_while_another_logs_in_at_once()
    {
        var victim = GatewayFixture.NewId("victim");
        await using (var setup = await LineClient.ConnectFromAsync("127.0.0.5", fixture.Gateway.Port))
        {
            await setup.ReadLineAsync();
            (await setup.AskAsync($"ADD {victim} s3cret1")).ShouldBe($"OK added user:{victim}");
        }

        var target = GatewayFixture.NewId("flooded");
        await using var flooder = await LineClient.ConnectFromAsync("127.0.0.2", fixture.Gateway.Port);
        await flooder.ReadLineAsync();
        var answers = new List<string?>();
        for (var i = 0; i < 20 && !(answers.LastOrDefault()?.StartsWith("ERR 429", StringComparison.Ordinal) ?? false); i++)
        {
            answers.Add(await flooder.AskAsync($"LOGIN {target} wrong{i}"));
        }

        (answers[^1] ?? "").ShouldStartWith("ERR 429 too many password attempts from your address");
        answers.Count.ShouldBeLessThanOrEqualTo(7);

        await using var other = await LineClient.ConnectFromAsync("127.0.0.3", fixture.Gateway.Port);
        await other.ReadLineAsync();
        (await other.AskAsync($"LOGIN {victim} s3cret1")).ShouldBe("OK logged in");
    }

    [Fact]
    public async Task The_session_port_dialog_counts_in_the_same_bucket()
    {
        var id = GatewayFixture.NewId("dialog");
        await using var flooder = await LineClient.ConnectFromAsync("127.0.0.4", fixture.Gateway.SessionPort);
        await flooder.ReadLineAsync();
        (await flooder.AskAsync(id) ?? "").ShouldContain("enter your password");
        var answers = new List<string?>();
        for (var i = 0; i < 20 && !(answers.LastOrDefault()?.StartsWith("ERR 429", StringComparison.Ordinal) ?? false); i++)
        {
            answers.Add(await flooder.AskAsync("x"));
        }

        (answers[^1] ?? "").ShouldStartWith("ERR 429 too many password attempts from your address");
    }
}
