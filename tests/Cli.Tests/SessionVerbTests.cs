using System.Text.Json.Nodes;

namespace AuthActors.Cli.Tests;

[Collection(ServiceCollection.Name)]
public sealed class SessionVerbTests(ServiceFixture service)
{
    [Fact]
    public async Task Sessions_list_shows_each_session_and_end_ends_one_then_all()
    {
        using var http = service.Http();
        var id = await service.NewUserAsync(http, "sess");
        var first = await ServiceFixture.TokensAsync(http, id);
        await ServiceFixture.TokensAsync(http, id);
        await ServiceFixture.TokensAsync(http, id);

        var table = (await service.RunAsync("sessions", "list", id)).ShouldExit(0);
        table.Output.ShouldStartWith("SESSION");
        table.Output.ShouldContain("127.0.0.1");
        var sessions = JsonNode.Parse((await service.RunAsync("sessions", "list", id, "--json")).ShouldExit(0).Output)!.AsArray();
        sessions.Count.ShouldBe(3);

        var one = first["session_id"]?.GetValue<string>() ?? sessions[0]!["id"]!.GetValue<string>();
        (await service.RunAsync("sessions", "end", id, one)).ShouldExit(0).Output.ShouldContain($"ended session {one} of {id}");
        JsonNode.Parse((await service.RunAsync("sessions", "list", id, "--json")).Output)!.AsArray().Count.ShouldBe(2);
        (await service.RunAsync("sessions", "end", id, one)).ShouldExit(1);

        (await service.RunAsync("sessions", "end", id)).ShouldExit(0).Output.ShouldContain($"ended 2 sessions of {id}");
        JsonNode.Parse((await service.RunAsync("sessions", "list", id, "--json")).Output)!.AsArray().Count.ShouldBe(0);

        (await service.RunAsync("sessions", "list", ServiceFixture.NewId("nobody"))).ShouldExit(1);
    }
}
