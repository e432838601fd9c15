using AuthActors.TestKit;
using AuthActors.TestKit.Fuzzing;

namespace AuthActors.Gateway.Tests.Fuzzing;

/// <summary>
/// Mutated lines on the login port (dialog and command mode) and the session port (<see cref="LineFuzzer"/>): every
/// input gets an answer line (or a closing reason), none is a 500, and the gateway serves normally afterwards.
/// </summary>
public sealed class LineProtocolFuzzTests(FuzzFixture fixture) : IClassFixture<FuzzFixture>
{
    [Fact]
    public async Task The_login_port_answers_every_mutated_line_and_never_fails_inside()
    {
        var report = await LineFuzzer.LoginPortAsync(fixture.Gateway.Port, 4224, FuzzBudget.PerTarget);
        report.Failures.ShouldBeEmpty(FuzzBudget.Tail(fixture.Gateway.Output));
        report.Inputs.ShouldBeGreaterThan(10);
        report.DistinctAnswers.ShouldBeGreaterThan(3);
        await StillServesAsync();
    }

    [Fact]
    public async Task The_session_port_answers_every_mutated_command_and_never_fails_inside()
    {
        var report = await LineFuzzer.SessionPortAsync(fixture.Gateway.Port, fixture.Gateway.SessionPort, 4225, FuzzBudget.PerTarget);
        report.Failures.ShouldBeEmpty(FuzzBudget.Tail(fixture.Gateway.Output));
        report.Inputs.ShouldBeGreaterThan(10);
        report.DistinctAnswers.ShouldBeGreaterThan(3);
        await StillServesAsync();
    }

    private async Task StillServesAsync()
    {
        fixture.Gateway.HasExited.ShouldBeFalse();
        FuzzBudget.MemoryStaysBounded(fixture.Gateway);
        var id = GatewayFixture.NewId("after");
        await using var client = await LineClient.ConnectAsync(fixture.Gateway.Port);
        await client.ReadLineAsync();
        (await client.AskAsync($"ADD {id} pass1word")).ShouldBe($"OK added user:{id}");
        (await client.AskAsync($"LOGIN {id} pass1word")).ShouldBe("OK logged in");
    }
}
