using System.Globalization;
using AuthActors.Messages;
using AuthActors.Node.Users;

namespace AuthActors.Gateway.Tcp;

/// <summary>
/// Command mode of the login port, for programs: <c>LOGIN id password</c>, <c>ADD id password</c>,
/// <c>UPDATE id old new</c>, <c>DELETE id password</c>, and the token operations <c>TOKEN id password</c>,
/// <c>REFRESH refresh_token</c>, <c>REVOKE token [token|family|all]</c>, then <c>QUIT</c>; one <c>OK …</c> or
/// <c>ERR &lt;status&gt; …</c> line per command. LOGIN, ADD, DELETE and TOKEN take the rest of the line as the
/// password, so it may contain spaces.
/// </summary>
internal sealed class CommandConversation(
    ClientConnection client, UserDirectory users, TokenCommands tokens, PasswordAttemptsPerAddress attempts, PasswordPolicyName policy, string from)
{
    private const string Usage =
        "ERR 400 commands: LOGIN id password | ADD id password | UPDATE id old new | DELETE id password | TOKEN id password | REFRESH refresh_token | REVOKE token [token|family|all] | QUIT";

    /// <summary>True when a first message is a command rather than an id (ids never contain spaces).</summary>
    public static bool IsCommand(string message)
    {
        var verb = message.Split(' ', 2)[0];
        return message.Contains(' ', StringComparison.Ordinal) && verb is "LOGIN" or "ADD" or "UPDATE" or "DELETE" or "TOKEN" or "REFRESH" or "REVOKE";
    }

    public async Task RunAsync(string firstMessage)
    {
        for (var line = firstMessage; line is not null; line = await client.ReceiveAsync())
        {
            if (line.Trim() == "QUIT")
            {
                await client.SendAsync("OK bye");
                return;
            }

            await client.SendAsync(await ExecuteAsync(line));
        }
    }

    private async Task<string> ExecuteAsync(string line)
    {
        var parts = line.Split(' ', 3);
        var verb = parts[0];
        // The id (never a password, which may hold any character) is named in answers and logs: refuse an escape
        // sequence in it clearly, before the users are asked.
        if (verb is not ("REFRESH" or "REVOKE") && parts.Length > 1 && SafeText.Check(parts[1]) is { } refused)
        {
            return $"ERR 400 {refused}";
        }

        // Before the command is built: a refused attempt costs no hash.
        if (verb is "LOGIN" or "ADD" or "DELETE" or "UPDATE" or "TOKEN" && attempts.Refusal(from) is { } limited)
        {
            return limited;
        }

        if (verb is "TOKEN" or "REFRESH" or "REVOKE")
        {
            return await tokens.ExecuteAsync(verb, parts, from) ?? Usage;
        }

        IUserCommand? command = (verb, parts.Length) switch
        {
            ("LOGIN", 3) => new Authenticate(parts[1], parts[2], from),
            ("ADD", 3) => new Register(parts[1], parts[2], policy),
            ("DELETE", 3) => new DeleteUser(parts[1], parts[2]),
            ("UPDATE", 3) when parts[2].Split(' ') is [var old, var replacement] =>
                new ChangePassword(parts[1], old, replacement, policy),
            _ => null,
        };
        if (command is null)
        {
            return Usage;
        }

        return await users.AskAsync(command, CancellationToken.None) switch
        {
            Authenticated => "OK logged in",
            Registered registered => $"OK added user:{registered.UserId}",
            PasswordChanged => "OK password updated",
            UserDeleted deleted => $"OK deleted user:{deleted.UserId}",
            Rejected rejected => string.Create(
                CultureInfo.InvariantCulture, $"ERR {(int)rejected.Code} {string.Join("; ", rejected.Reasons)}"),
            var other => $"ERR 500 unexpected reply {other.GetType().Name}",
        };
    }
}
