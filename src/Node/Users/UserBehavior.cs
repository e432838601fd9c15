using AuthActors.Messages;
using AuthActors.Node.Passwords;
using AuthActors.Runtime.Diagnostics;

namespace AuthActors.Node.Users;

/// <summary>
/// How one user answers a command, independent of the shell that hosts it: the gates and decisions of the pure
/// deciders, with password hashing awaited on the bounded pool. It reads the state the shell recovered and returns a
/// <see cref="UserOutcome"/>; the shell persists the events and calls <see cref="Complete"/> once they are durable.
/// One command at a time: the shell must not hand it the next before the last one's events are applied.
/// </summary>
public sealed partial class UserBehavior(string userId, UserServices services, TimeProvider clock, Func<UserState> state)
{
    private UserState State => state();

    private DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The command's message type for diagnostics: an audited command counts as the command inside.</summary>
    public static string MessageTypeOf(object message) => (message is Audited audited ? audited.Command : message).GetType().Name;

    /// <summary>Decides what <paramref name="message"/> comes to; hashing, if any, is done by the time it completes.</summary>
    public async Task<UserOutcome> DecideAsync(object message, CancellationToken cancellationToken)
    {
        if (message is Audited audited)
        {
            // The origin of the request is stamped on every event the command causes.
            var outcome = await DecideAsync(audited.Command, cancellationToken);
            return outcome is UserOutcome.Decided decided
                ? decided with
                {
                    Decision = decided.Decision with
                    {
                        Events = [.. decided.Decision.Events.Select(e => e with { Origin = audited.Origin })],
                    },
                }
                : outcome;
        }

        try
        {
            return message switch
            {
                GetUserStatus => Answer(new UserStatus(userId, State.Exists)),
                GetProfile => Answer(AccountDecider.Profile(State, userId, Now, services.Sessions)),
                ExportCredential => Answer(AccountDecider.Export(State, userId)),
                Register command => await RegisterAsync(command, cancellationToken),
                Authenticate command => await AuthenticateAsync(command, cancellationToken),
                ChangePassword command => await ChangePasswordAsync(command, cancellationToken),
                DeleteUser command => await DeleteAsync(command, cancellationToken),
                Withdraw command => await WithdrawAsync(command, cancellationToken),
                EnsureAdmin command => await EnsureAdminAsync(command, cancellationToken),
                IssueTokens command => await IssueTokensAsync(command, cancellationToken),
                RefreshTokens command => Refresh(command),
                RevokeRefreshToken command => Revoke(command),
                RevokeAccessToken command => Decided(SessionDecider.RevokeByAccessToken(State, command, Now)),
                CheckAccessToken command => Answer(SessionDecider.CheckAccessToken(State, command.SessionId, command.TokenId, Now, services.Sessions)),
                CheckRefreshToken command => Answer(CheckRefreshToken(command)),
                ListSessions => Answer(SessionDecider.List(State, userId, Now, services.Sessions)),
                EndSession command => Decided(SessionDecider.End(State, userId, command.SessionId, Now)),
                EndAllSessions => Decided(AccountDecider.EndAllSessions(State, userId, Now)),
                Ban command => Decided(AccountDecider.Ban(State, userId, command.Reason, Now)),
                Unban => Decided(AccountDecider.Unban(State, userId, Now)),
                Unlock => Decided(AccountDecider.Unlock(State, userId, Now)),
                OpenOnlineSession command => Decided(OnlineDecider.Open(State, userId, command, Now)),
                CloseOnlineSession command => Decided(OnlineDecider.Close(State, userId, command.Holder, command.Reason, Now)),
                AcknowledgeInbox command => Decided(OnlineDecider.Acknowledge(State, userId, command.UpTo, Now)),
                BlockUser command => Decided(OnlineDecider.Block(State, userId, command.Target, Now)),
                UnblockUser command => Decided(OnlineDecider.Unblock(State, userId, command.Target, Now)),
                DeliverMessage command => Decided(OnlineDecider.Deliver(State, userId, command, Now)),
                _ => Answer(new Rejected(ErrorCode.InvalidInput, $"a user does not understand {message.GetType().Name}")),
            };
        }
        catch (HashingPoolBusyException)
        {
            AuthActorsMeter.Refused("hashing-queue");
            return Answer(new Rejected(ErrorCode.Busy, "busy, try again", TimeSpan.FromSeconds(1)));
        }
    }

    /// <summary>
    /// The reply to a decision whose events are now durable (and applied): counts them, and signs the access token of
    /// a granted session only now.
    /// </summary>
    public IUserReply Complete(UserOutcome.Decided decided)
    {
        ArgumentNullException.ThrowIfNull(decided);
        CountDurable(decided.Decision.Events);
        var reply = decided.Decision.Reply is SessionGranted granted ? Issue(granted) : decided.Decision.Reply;
        return decided.Then is { } then ? then(reply) : reply;
    }

    private static UserOutcome.Answered Answer(IUserReply reply) => new(reply);

    private static UserOutcome.Decided Decided(Decision decision, Func<IUserReply, IUserReply>? then = null) => new(decision, then);

    private Task<PasswordCheck> VerifyAsync(Secret password, CancellationToken cancellationToken)
    {
        var stored = State.PasswordHash!;
        return services.Hashing.RunAsync(() => services.Hasher.Verify(password.Value, stored), cancellationToken);
    }

    private Task<string> HashAsync(Secret password, CancellationToken cancellationToken) =>
        services.Hashing.RunAsync(() => services.Hasher.Hash(password.Value), cancellationToken);

    // An unknown id must cost what a known one costs, or response times tell which ids exist.
    private async Task SpendDecoyHashAsync(Rejected refused, Secret password, CancellationToken cancellationToken)
    {
        if (refused.Code == ErrorCode.BadCredentials)
        {
            await services.Hashing.RunAsync(() => services.Hasher.Verify(password.Value, services.Hasher.DecoyHash), cancellationToken);
        }
    }

    private TokensIssued Issue(SessionGranted granted)
    {
        var access = services.MintAccessToken(userId, granted.SessionId, granted.Roles);
        return new TokensIssued(userId, granted.SessionId, access.Token, access.ExpiresAt, granted.RefreshToken, granted.RefreshTokenExpiresAt, granted.Roles);
    }
}
