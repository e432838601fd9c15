using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AuthActors.Cli.Tests;

[Collection(ServiceCollection.Name)]
public sealed class UserVerbTests(ServiceFixture service)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Users_list_filters_by_prefix_and_status_and_prints_a_table_or_json()
    {
        using var http = service.Http();
        var prefix = ServiceFixture.NewId("list");
        foreach (var n in new[] { "a", "b", "c" })
        {
            (await http.PostAsJsonAsync("/api/users", new { id = $"{prefix}-{n}", password = ServiceFixture.Password }, Ct)).EnsureSuccessStatusCode();
        }

        var table = (await service.RunAsync("users", "list", "--prefix", prefix)).ShouldExit(0);
        table.Output.ShouldStartWith("ID");
        table.Output.ShouldContain($"{prefix}-a");
        table.Output.ShouldContain($"{prefix}-c");
        table.Output.ShouldContain("page 1 of 1, 3 users");

        (await service.RunAsync("users", "ban", $"{prefix}-b", "--reason", "spam")).ShouldExit(0);
        var json = (await service.RunAsync("users", "list", "--prefix", prefix, "--status", "banned", "--json")).ShouldExit(0);
        JsonNode.Parse(json.Output)!["users"]!.AsArray().Select(u => u!["id"]!.GetValue<string>()).ShouldBe([$"{prefix}-b"]);
    }

    [Fact]
    public async Task Users_show_prints_the_account_and_an_unknown_user_exits_1()
    {
        using var http = service.Http();
        var id = await service.NewUserAsync(http, "show");

        var shown = (await service.RunAsync("users", "show", id)).ShouldExit(0);
        shown.Output.ShouldContain("status");
        shown.Output.ShouldContain("active");

        var missing = (await service.RunAsync("users", "show", ServiceFixture.NewId("nobody"))).ShouldExit(1);
        missing.Error.ShouldContain("not found");
    }

    [Fact]
    public async Task Ban_unban_unlock_and_delete_act_on_the_account()
    {
        using var http = service.Http();
        var id = await service.NewUserAsync(http, "acts");

        (await service.RunAsync("users", "ban", id, "--reason", "spam")).ShouldExit(0).Output.ShouldContain($"banned {id} (status: banned)");
        (await http.PostAsJsonAsync("/api/token", new { id, password = ServiceFixture.Password }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await service.RunAsync("users", "unban", id)).ShouldExit(0).Output.ShouldContain($"unbanned {id}");
        await ServiceFixture.TokensAsync(http, id);

        (await service.RunAsync("users", "unlock", id)).ShouldExit(0).Output.ShouldContain($"unlocked {id}");

        (await service.RunAsync("users", "delete", id)).ShouldExit(0).Output.ShouldContain($"deleted {id}");
        (await service.RunAsync("users", "show", id)).ShouldExit(1);
        (await service.RunAsync("users", "ban", id)).ShouldExit(1);
    }

    [Fact]
    public async Task Users_history_shows_events_newest_first_with_source_and_gateway_and_pages()
    {
        using var http = service.Http();
        var id = await service.NewUserAsync(http, "hist");
        await http.PostAsJsonAsync("/api/token", new { id, password = "wrong password here" }, Ct);
        await ServiceFixture.TokensAsync(http, id);

        var table = (await service.RunAsync("users", "history", id)).ShouldExit(0);
        var lines = table.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("SEQ");
        lines[1].ShouldContain("session-started");
        lines[1].ShouldContain("127.0.0.1");
        table.Output.ShouldContain("login-failed");

        var first = JsonNode.Parse((await service.RunAsync("users", "history", id, "--limit", "2", "--json")).ShouldExit(0).Output)!;
        var next = first["next_before"]!.GetValue<long>();
        var older = (await service.RunAsync("users", "history", id, "--limit", "2", "--before", next.ToString(System.Globalization.CultureInfo.InvariantCulture))).ShouldExit(0);
        older.Output.ShouldContain("registered");

        (await service.RunAsync("users", "history", ServiceFixture.NewId("nobody"))).ShouldExit(1);
    }
}
