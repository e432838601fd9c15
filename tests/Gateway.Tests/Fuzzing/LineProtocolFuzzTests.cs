using AuthActors.Gateway.Tests.Sessions;
using AuthActors.TestKit;
using AuthActors.TestKit.Fuzzing;

namespace AuthActors.Gateway.Tests.Fuzzing;

/// <summary>
/// Mutated lines on the login port (dialog and command mode) and the session port: every input gets an answer line
/// (or a closing reason), none is a 500, and the gateway serves normally afterwards.
/// </summary>
public sealed class LineProtocolFuzzTests(FuzzFixture fixture) : IClassFixture<FuzzFixture>
{
    private static readonly string[] LoginSeeds =
    [
        "LOGIN fuzz-known pass1word", "ADD fuzz-new pass1word", "UPDATE fuzz-known pass1word pass2word", "DELETE fuzz-known x",
        "TOKEN fuzz-known pass1word", "REFRESH rt1.ZnV6ei1rbm93bg.AAAAAAAAAAAAAAAAAAAAAA.AAAA", "REVOKE rt1.a.b.c all", "QUIT",
        "fuzz-known", "fuzz-new", "pass1word", "",
    ];

    private static readonly string[] SessionSeeds =
    [
        "message fuzz-known hello there", "broadcast hello everyone", "whoelse", "whoelsesince 60", "block fuzz-known",
        "unblock fuzz-known", "startprivate fuzz-known 5555", "accept fuzz-known 5555", "decline fuzz-known",
        "stopprivate fuzz-known", "private fuzz-known hi", "logout", "",
    ];

    [Fact]
    public async Task The_login_port_answers_every_mutated_line_and_never_fails_inside()
    {
        await EnsureKnownUserAsync();
        var mutator = new Mutator(4224);
        var cases = await FuzzBudget.RunAsync(async _ =>
        {
            await using var client = await LineClient.ConnectAsync(fixture.Gateway.Port);
            (await client.ReadLineAsync()).ShouldBe("enter your id");
            await SendAndCheckAsync(fixture.Gateway, client, mutator, LoginSeeds, mutator.Below(3) + 1);
        });

        cases.ShouldBeGreaterThan(10);
        await StillServesAsync();
    }

    [Fact]
    public async Task The_session_port_answers_every_mutated_command_and_never_fails_inside()
    {
        await EnsureKnownUserAsync();
        var mutator = new Mutator(4225);
        var cases = await FuzzBudget.RunAsync(async n =>
        {
            await using var client = await SessionClients.SignUpAsync(fixture.Gateway.SessionPort, GatewayFixture.NewId($"fz{n}"));
            await SendAndCheckAsync(fixture.Gateway, client, mutator, SessionSeeds, mutator.Below(4) + 1);
        });

        cases.ShouldBeGreaterThan(10);
        await StillServesAsync();
    }

    // Sends mutated lines one at a time; each must get a line back (other users' presence lines may come first),
    // unless the server closed with its reason.
    private static async Task SendAndCheckAsync(GatewayProcess gateway, LineClient client, Mutator mutator, string[] seeds, int lines)
    {
        var transcript = new List<string>();
        for (var i = 0; i < lines; i++)
        {
            var input = mutator.Next(seeds).Where(b => b != (byte)'\n').Append((byte)'\n').ToArray();
            transcript.Add("> " + FuzzBudget.Show(input));
            var context = $"seed {mutator.Seed}, transcript {string.Join(" | ", transcript)}";
            string Said() => $"{context}; gateway said: {FuzzBudget.Tail(gateway.Output)}";
            string? answer;
            try
            {
                await client.SendRawAsync(input);
                answer = await client.ReadLineAsync(TimeSpan.FromSeconds(15));
            }
            catch (IOException)
            {
                // The server closed while we wrote (it had already said why, on an earlier line).
                return;
            }

            answer.ShouldNotBeNull($"no answer to {Said()}");
            transcript.Add("< " + answer);
            answer.ShouldNotContain("ERR 500", customMessage: context);
            answer.ShouldNotContain("unexpected", customMessage: context);
            if (answer.StartsWith("<<close>>", StringComparison.Ordinal) || answer.StartsWith("ERR 413", StringComparison.Ordinal)
                || answer == "OK bye")
            {
                return;
            }
        }
    }

    private async Task EnsureKnownUserAsync()
    {
        await using var client = await LineClient.ConnectAsync(fixture.Gateway.Port);
        await client.ReadLineAsync();
        var added = await client.AskAsync("ADD fuzz-known pass1word");
        added.ShouldNotBeNull().ShouldBeOneOf("OK added user:fuzz-known", "ERR 409 id already taken");
    }

    private async Task StillServesAsync()
    {
        fixture.Gateway.HasExited.ShouldBeFalse();
        var id = GatewayFixture.NewId("after");
        await using var client = await LineClient.ConnectAsync(fixture.Gateway.Port);
        await client.ReadLineAsync();
        (await client.AskAsync($"ADD {id} pass1word")).ShouldBe($"OK added user:{id}");
        (await client.AskAsync($"LOGIN {id} pass1word")).ShouldBe("OK logged in");
    }
}
