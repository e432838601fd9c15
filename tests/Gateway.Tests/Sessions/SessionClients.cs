using System.Text.RegularExpressions;
using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Sessions;

/// <summary>Logs users into the session port as a person with nc would: the dialog, then <c>welcome</c>.</summary>
internal static partial class SessionClients
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

    /// <summary>
    /// Sends <paramref name="command"/> on an open session and returns the server's answer, passing over other users'
    /// presence lines: a test's gateway is shared by the tests of its class, and a session of the test before this one
    /// may close just as this one's users come online, so a "logged out" line can arrive between a command and its
    /// answer. A test about presence reads the lines it expects with <see cref="LineClient.ExpectAsync"/>.
    /// </summary>
    public static async Task<string> AnswerAsync(this LineClient client, string command)
    {
        await client.SendLineAsync(command);
        return (await client.ReadUntilAsync(line => !IsPresence(line))).Line;
    }

    /// <summary>True for a presence line (<c>bob logged in</c>, <c>bob logged out</c>); ids hold neither spaces nor colons.</summary>
    public static bool IsPresence(string line) => PresenceLine().IsMatch(line);

    [GeneratedRegex(@"^[^\s:]+ logged (in|out)$")]
    private static partial Regex PresenceLine();

    /// <summary>Logs out and waits for the server to close.</summary>
    public static async Task LogOutAsync(LineClient client, string id)
    {
        await client.SendLineAsync("logout");
        await client.ExpectAsync($"<<close>>goodbye {id}");
        (await client.ReadLineAsync()).ShouldBeNull();
    }
}
