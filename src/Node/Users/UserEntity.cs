using AuthActors.Messages;
using AuthActors.Node.Passwords;
using AuthActors.Runtime.Diagnostics;
using AuthActors.Runtime.Entities;

namespace AuthActors.Node.Users;

/// <summary>
/// The actor shell of one user: the only writer of that user's events. It runs the gates and decisions of the pure
/// deciders, does the hashing on the pool, persists, and replies only after the events are durable.
/// </summary>
public sealed partial class UserEntity(string userId, PersistenceContext context, UserServices services)
    : EventSourcedEntity<UserState>(PersistenceIdOf(userId), UserState.Empty, context), IEntity
{
    /// <summary>The journal id of a user.</summary>
    public static string PersistenceIdOf(string userId) => "user|" + userId;

    /// <inheritdoc />
    string IEntity.MessageTypeOf(object message) => (message is Audited audited ? audited.Command : message).GetType().Name;

    /// <inheritdoc />
    protected override UserState ApplyEvent(UserState state, object domainEvent) => state.Apply((UserEvent)domainEvent);

    // The origin of the audited command being handled (the entity handles one message at a time), stamped on the
    // events it causes; null for a bare command.
    private RequestOrigin? _origin;

    /// <inheritdoc />
    public override async Task<object> HandleAsync(object message, CancellationToken cancellationToken)
    {
        if (message is Audited audited)
        {
            _origin = audited.Origin;
            try
            {
                return await HandleAsync(audited.Command, cancellationToken);
            }
            finally
            {
                _origin = null;
            }
        }

        try
        {
            return message switch
            {
                GetUserStatus => new UserStatus(userId, State.Exists),
                GetProfile => AccountDecider.Profile(State, userId, Now, services.Sessions),
                ExportCredential => AccountDecider.Export(State, userId),
                Register command => await RegisterAsync(command, cancellationToken),
                Authenticate command => await AuthenticateAsync(command, cancellationToken),
                ChangePassword command => await ChangePasswordAsync(command, cancellationToken),
                DeleteUser command => await DeleteAsync(command, cancellationToken),
                Withdraw command => await WithdrawAsync(command, cancellationToken),
                EnsureAdmin command => await EnsureAdminAsync(command, cancellationToken),
                IssueTokens command => await IssueTokensAsync(command, cancellationToken),
                RefreshTokens command => await RefreshAsync(command, cancellationToken),
                RevokeRefreshToken command => await RevokeAsync(command, cancellationToken),
                RevokeAccessToken command => await CommitAsync(SessionDecider.RevokeByAccessToken(State, command, Now), cancellationToken),
                CheckAccessToken command => SessionDecider.CheckAccessToken(State, command.SessionId, command.TokenId, Now, services.Sessions),
                CheckRefreshToken command => CheckRefreshToken(command),
                ListSessions => SessionDecider.List(State, userId, Now, services.Sessions),
                EndSession command => await CommitAsync(SessionDecider.End(State, userId, command.SessionId, Now), cancellationToken),
                EndAllSessions => await CommitAsync(AccountDecider.EndAllSessions(State, userId, Now), cancellationToken),
                Ban command => await CommitAsync(AccountDecider.Ban(State, userId, command.Reason, Now), cancellationToken),
                Unban => await CommitAsync(AccountDecider.Unban(State, userId, Now), cancellationToken),
                Unlock => await CommitAsync(AccountDecider.Unlock(State, userId, Now), cancellationToken),
                OpenOnlineSession command => await CommitAsync(OnlineDecider.Open(State, userId, command, Now), cancellationToken),
                CloseOnlineSession command => await CommitAsync(OnlineDecider.Close(State, userId, command.Holder, command.Reason, Now), cancellationToken),
                AcknowledgeInbox command => await CommitAsync(OnlineDecider.Acknowledge(State, userId, command.UpTo, Now), cancellationToken),
                BlockUser command => await CommitAsync(OnlineDecider.Block(State, userId, command.Target, Now), cancellationToken),
                UnblockUser command => await CommitAsync(OnlineDecider.Unblock(State, userId, command.Target, Now), cancellationToken),
                DeliverMessage command => await CommitAsync(OnlineDecider.Deliver(State, userId, command, Now), cancellationToken),
                _ => new Rejected(ErrorCode.InvalidInput, $"a user does not understand {message.GetType().Name}"),
            };
        }
        catch (HashingPoolBusyException)
        {
            AuthActorsMeter.Refused("hashing-queue");
            return new Rejected(ErrorCode.Busy, "busy, try again", TimeSpan.FromSeconds(1));
        }
    }

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

    private async Task<IUserReply> CommitAsync(Decision decision, CancellationToken cancellationToken)
    {
        var events = _origin is null ? decision.Events : [.. decision.Events.Select(e => e with { Origin = _origin })];
        await PersistAsync(events, cancellationToken);
        CountDurable(events);
        return decision.Reply is SessionGranted granted ? Issue(granted) : decision.Reply;
    }

    // The access token is signed only once the session's events are durable: a token never names a lost session.
    private TokensIssued Issue(SessionGranted granted)
    {
        var access = services.MintAccessToken(userId, granted.SessionId, granted.Roles);
        return new TokensIssued(userId, granted.SessionId, access.Token, access.ExpiresAt, granted.RefreshToken, granted.RefreshTokenExpiresAt, granted.Roles);
    }

    private DateTimeOffset Now => Clock.GetUtcNow();
}
