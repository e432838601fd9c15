using System.Text;

namespace AuthActors.Gateway.Tests.Tcp;

public sealed class DialogTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private async Task SignUpAsync(string id, string password)
    {
        await using var client = await fixture.ConnectAsync();
        (await client.ReadLineAsync()).ShouldBe("enter your id");
        (await client.AskAsync(id)).ShouldBe("not existing user. enter your password to add new user");
        (await client.AskAsync(password)).ShouldBe($"<<close>>successfully added user:{id}");
    }

    [Fact]
    public async Task Unknown_id_signs_up_with_one_message_per_broken_rule()
    {
        var id = GatewayFixture.NewId("unnamed");
        await using var client = await fixture.ConnectAsync();
        (await client.ReadLineAsync()).ShouldBe("enter your id");
        (await client.AskAsync(id)).ShouldBe("not existing user. enter your password to add new user");
        (await client.AskAsync("unnamed")).ShouldBe("password must contain at least one digit");
        (await client.AskAsync("1234")).ShouldBe("password must contain at least one letter");
        (await client.AskAsync("un named 1234")).ShouldBe("password must not contain whitespace");
        (await client.AskAsync("ab1")).ShouldBe("password must be longer than 4 characters");
        (await client.AskAsync("unnamed1234")).ShouldBe($"<<close>>successfully added user:{id}");
        (await client.ReadLineAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task Known_id_logs_in_after_wrong_passwords()
    {
        var id = GatewayFixture.NewId("dankook");
        await SignUpAsync(id, "univ42");
        await using var client = await fixture.ConnectAsync();
        await client.ReadLineAsync();
        (await client.AskAsync(id)).ShouldBe("existing user. enter your password");
        (await client.AskAsync("univ32")).ShouldBe("wrong password, try again");
        (await client.AskAsync("univ42")).ShouldBe("<<close>>successfully logged in");
        (await client.ReadLineAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task Third_wrong_password_blocks_the_account_and_closes()
    {
        var id = GatewayFixture.NewId("locked");
        await SignUpAsync(id, "right1");
        await using var client = await fixture.ConnectAsync();
        await client.ReadLineAsync();
        await client.AskAsync(id);
        (await client.AskAsync("wrong1")).ShouldBe("wrong password, try again");
        (await client.AskAsync("wrong2")).ShouldBe("wrong password, try again");
        (await client.AskAsync("wrong3")).ShouldBe("<<close>>your account is blocked for 60 seconds due to multiple login failures");
        (await client.ReadLineAsync()).ShouldBeNull();

        // While blocked, even the right password is refused, with the time left.
        await using var again = await fixture.ConnectAsync();
        await again.ReadLineAsync();
        await again.AskAsync(id);
        (await again.AskAsync("right1") ?? "").ShouldMatch(@"^<<close>>your account is blocked for \d+ seconds due to multiple login failures$");
    }

    [Fact]
    public async Task A_client_that_sends_no_line_end_is_served_like_the_original_client()
    {
        // The original Python client sends each input bare and waits for the answer.
        var id = GatewayFixture.NewId("bare");
        await using var client = await fixture.ConnectAsync();
        (await client.ReadLineAsync()).ShouldBe("enter your id");
        await client.SendRawAsync(Encoding.UTF8.GetBytes(id));
        (await client.ReadLineAsync()).ShouldBe("not existing user. enter your password to add new user");
        await client.SendRawAsync(Encoding.UTF8.GetBytes("1234"));
        (await client.ReadLineAsync()).ShouldBe("password must contain at least one letter");
        await client.SendRawAsync(Encoding.UTF8.GetBytes("unnamed1234"));
        (await client.ReadLineAsync()).ShouldBe($"<<close>>successfully added user:{id}");
    }

    [Fact]
    public async Task Crlf_line_ends_are_accepted()
    {
        var id = GatewayFixture.NewId("crlf");
        await using var client = await fixture.ConnectAsync();
        await client.ReadLineAsync();
        await client.SendRawAsync(Encoding.UTF8.GetBytes(id + "\r\n"));
        (await client.ReadLineAsync()).ShouldBe("not existing user. enter your password to add new user");
        await client.SendRawAsync(Encoding.UTF8.GetBytes("abcd12\r\n"));
        (await client.ReadLineAsync()).ShouldBe($"<<close>>successfully added user:{id}");
    }

    [Fact]
    public async Task A_message_split_over_several_writes_is_one_message()
    {
        var id = GatewayFixture.NewId("split");
        await using var client = await fixture.ConnectAsync();
        await client.ReadLineAsync();
        await client.SendRawAsync(Encoding.UTF8.GetBytes(id[..3]));
        await client.SendRawAsync(Encoding.UTF8.GetBytes(id[3..] + "\n"));
        (await client.ReadLineAsync()).ShouldBe("not existing user. enter your password to add new user");
    }

    [Fact]
    public async Task An_invalid_id_is_explained_and_asked_again()
    {
        await using var client = await fixture.ConnectAsync();
        await client.ReadLineAsync();
        (await client.AskAsync("not an id!")).ShouldBe("invalid id: an id is 1-64 characters of letters, digits, '.', '_' or '-'. enter your id");
        (await client.AskAsync(GatewayFixture.NewId("fine"))).ShouldBe("not existing user. enter your password to add new user");
    }
}
