using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Sessions;

/// <summary>Logs users into the session port as a person with nc would: the dialog, then <c>welcome</c>.</summary>
internal static class SessionClients
{
    public const string Password = "pass1word";

    /// <summary>Signs up <paramref name="id"/> on the session port and returns the open session, after <c>welcome</c>.</summary>
    public static async Task<LineClient> SignUpAsync(int port, string id)
    {
        var client = await LineClient.ConnectAsync(port);
        (await client.ReadLineAsync()).ShouldBe("enter your id");
        (await client.AskAsync(id)).ShouldBe("not existing user. enter your password to add new user");
        (await client.AskAsync(Password)).ShouldBe($"successfully added user:{id}");
        (await client.ReadLineAsync()).ShouldBe($"welcome {id}");
        return client;
    }

    /// <summary>Logs a known user in and returns the connection right after the password (the caller reads on).</summary>
    public static async Task<LineClient> LogInAsync(int port, string id)
    {
        var client = await LineClient.ConnectAsync(port);
        (await client.ReadLineAsync()).ShouldBe("enter your id");
        (await client.AskAsync(id)).ShouldBe("existing user. enter your password");
        await client.SendLineAsync(Password);
        return client;
    }

    /// <summary>Logs out and waits for the server to close.</summary>
    public static async Task LogOutAsync(LineClient client, string id)
    {
        await client.SendLineAsync("logout");
        await client.ExpectAsync($"<<close>>goodbye {id}");
        (await client.ReadLineAsync()).ShouldBeNull();
    }
}
