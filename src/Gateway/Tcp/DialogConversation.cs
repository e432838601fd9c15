using AuthActors.Messages;
using AuthActors.Node.Users;

namespace AuthActors.Gateway.Tcp;

/// <summary>
/// The interactive dialog of the original login server, one server line per client message: a known id logs in,
/// an unknown one signs up. The last line starts with <c>&lt;&lt;close&gt;&gt;</c>, then the server closes. With
/// <paramref name="keepOpen"/> (the session port) success is not the last line: a login says nothing more (the caller
/// says <c>welcome</c>), a sign-up says so without the close marker.
/// </summary>
internal sealed class DialogConversation(
    ClientConnection client, UserDirectory users, PasswordAttemptsPerAddress attempts, PasswordPolicyName policy, string from, bool keepOpen = false)
{
    public const string Close = "<<close>>";

    // Bounds a client that keeps sending bad ids; each one costs a round trip, never a hash.
    private const int MaxIdAttempts = 5;

    /// <summary>Runs the dialog; returns the id that logged in or signed up, or null.</summary>
    public async Task<string?> RunAsync(string firstMessage)
    {
        var id = await ReadValidIdAsync(firstMessage);
        if (id is null)
        {
            return null;
        }

        var status = await users.AskAsync(new GetUserStatus(id), CancellationToken.None);
        switch (status)
        {
            case UserStatus { Exists: true }:
                await client.SendAsync("existing user. enter your password");
                return await LogInAsync(id) ? id : null;
            case UserStatus:
                await client.SendAsync("not existing user. enter your password to add new user");
                return await SignUpAsync(id) ? id : null;
            case Rejected rejected:
                await client.SendAsync(Close + rejected.Message);
                break;
        }

        return null;
    }

    private async Task<string?> ReadValidIdAsync(string? candidate)
    {
        for (var attempt = 1; candidate is not null; attempt++)
        {
            if (UserId.Problem(candidate) is not { } problem)
            {
                return candidate;
            }

            if (attempt == MaxIdAttempts)
            {
                await client.SendAsync(Close + "too many invalid ids");
                return null;
            }

            await client.SendAsync($"invalid id: {problem}. enter your id");
            candidate = await client.ReceiveAsync();
        }

        return null;
    }

    private async Task<bool> LogInAsync(string id)
    {
        while (await client.ReceiveAsync() is { } password)
        {
            if (attempts.Refusal(from) is { } limited)
            {
                await client.SendAsync(limited);
                continue;
            }

            var reply = await users.AskAsync(new Authenticate(id, password, from), CancellationToken.None);
            switch (reply)
            {
                case Authenticated:
                    if (!keepOpen)
                    {
                        await client.SendAsync(Close + "successfully logged in");
                    }

                    return true;
                case Rejected { Code: ErrorCode.BadCredentials }:
                    await client.SendAsync("wrong password, try again");
                    break;
                case Rejected { Code: ErrorCode.Busy } busy:
                    await client.SendAsync(busy.Message);
                    break;
                case Rejected rejected:
                    await client.SendAsync(Close + rejected.Message);
                    return false;
            }
        }

        return false;
    }

    private async Task<bool> SignUpAsync(string id)
    {
        while (await client.ReceiveAsync() is { } password)
        {
            if (attempts.Refusal(from) is { } limited)
            {
                await client.SendAsync(limited);
                continue;
            }

            var reply = await users.AskAsync(new Register(id, password, policy), CancellationToken.None);
            switch (reply)
            {
                case Registered:
                    await client.SendAsync($"{(keepOpen ? "" : Close)}successfully added user:{id}");
                    return true;

                // One rule per answer, the first broken in the policy's order: this client reads one line per message.
                case Rejected { Code: ErrorCode.InvalidInput or ErrorCode.Busy } retry:
                    await client.SendAsync(retry.Message);
                    break;
                case Rejected rejected:
                    await client.SendAsync(Close + rejected.Message);
                    return false;
            }
        }

        return false;
    }
}
