using AuthActors.Gateway.Tests.Http;
using AuthActors.TestKit.Fuzzing;

namespace AuthActors.Gateway.Tests.Fuzzing;

/// <summary>
/// Mutated JSON bodies (and bearer tokens) on every API endpoint (<see cref="HttpFuzzer"/>): the answer is never a
/// 5xx, and every refusal is a problem document saying what was wrong; the gateway serves normally afterwards.
/// </summary>
public sealed class HttpFuzzTests(FuzzFixture fixture) : IClassFixture<FuzzFixture>
{
    [Fact]
    public async Task Mutated_bodies_and_tokens_get_a_clear_4xx_never_a_5xx()
    {
        using var http = fixture.Client();
        var (_, tokens) = await fixture.NewUserWithTokensAsync(http, "fuzz-owner");
        var report = await HttpFuzzer.ApiAsync(http, HttpFixture.Text(tokens, "access_token"), 8080, FuzzBudget.PerTarget);
        report.Failures.ShouldBeEmpty(FuzzBudget.Tail(fixture.Gateway.Output));
        report.Inputs.ShouldBeGreaterThan(50);
        report.DistinctAnswers.ShouldBeGreaterThan(5);
        fixture.Gateway.HasExited.ShouldBeFalse();
        FuzzBudget.MemoryStaysBounded(fixture.Gateway);
        await HttpFixture.PostJsonAsync(http, "/api/token", new { id = "root-admin", password = HttpFixture.AdminPassword });
    }
}
