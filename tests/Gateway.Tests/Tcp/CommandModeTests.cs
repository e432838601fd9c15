namespace AuthActors.Gateway.Tests.Tcp;

public sealed class CommandModeTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Login_add_update_delete_and_quit_each_get_one_line()
    {
        var id = GatewayFixture.NewId("crud");
        await using var client = await fixture.ConnectAsync();
        (await client.ReadLineAsync()).ShouldBe("enter your id");
        (await client.AskAsync($"ADD {id} pass1word")).ShouldBe($"OK added user:{id}");
        (await client.AskAsync($"ADD {id} pass1word")).ShouldBe("ERR 409 id already taken");
        (await client.AskAsync($"LOGIN {id} pass1word")).ShouldBe("OK logged in");
        (await client.AskAsync($"UPDATE {id} pass1word pass2word")).ShouldBe("OK password updated");
        (await client.AskAsync($"LOGIN {id} pass1word")).ShouldBe("ERR 401 wrong id or password");
        (await client.AskAsync($"LOGIN {id} pass2word")).ShouldBe("OK logged in");
        (await client.AskAsync($"DELETE {id} pass2word")).ShouldBe($"OK deleted user:{id}");
        (await client.AskAsync($"LOGIN {id} pass2word")).ShouldBe("ERR 401 wrong id or password");
        (await client.AskAsync("QUIT")).ShouldBe("OK bye");
        (await client.ReadLineAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task Unknown_and_known_ids_get_the_same_login_error()
    {
        var id = GatewayFixture.NewId("known");
        await using var client = await fixture.ConnectAsync();
        await client.ReadLineAsync();
        await client.AskAsync($"ADD {id} pass1word");
        var known = await client.AskAsync($"LOGIN {id} wrong1");
        var unknown = await client.AskAsync($"LOGIN {GatewayFixture.NewId("nobody")} wrong1");
        unknown.ShouldBe(known);
    }

    [Fact]
    public async Task Policy_errors_list_every_broken_rule()
    {
        await using var client = await fixture.ConnectAsync();
        await client.ReadLineAsync();
        (await client.AskAsync($"ADD {GatewayFixture.NewId("weak")} abc")).ShouldBe(
            "ERR 400 password must contain at least one digit; password must be longer than 4 characters");
    }

    [Theory]
    [InlineData("LOGIN onlyid")]
    [InlineData("UPDATE id old")]
    [InlineData("FROB a b")]
    public async Task Malformed_commands_get_the_usage_line(string command)
    {
        await using var client = await fixture.ConnectAsync();
        await client.ReadLineAsync();
        await client.AskAsync($"ADD {GatewayFixture.NewId("first")} pass1word");
        (await client.AskAsync(command)).ShouldStartWith("ERR 400 commands: LOGIN id password");
    }

    [Fact]
    public async Task Invalid_ids_are_refused_with_the_rule()
    {
        await using var client = await fixture.ConnectAsync();
        await client.ReadLineAsync();
        (await client.AskAsync($"ADD {new string('a', 65)} pass1word")).ShouldBe(
            "ERR 400 an id is 1-64 characters of letters, digits, '.', '_' or '-'");
    }
}
