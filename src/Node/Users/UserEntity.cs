using AuthActors.Messages;
using AuthActors.Node.Passwords;
using AuthActors.Runtime.Entities;

namespace AuthActors.Node.Users;

/// <summary>
/// The actor shell of one user: the only writer of that user's events. It runs the gates and decisions of
/// <see cref="UserDecider"/>, does the hashing on the pool, persists, and replies only after the events are durable.
/// </summary>
public sealed class UserEntity(string userId, PersistenceContext context, UserServices services)
    : EventSourcedEntity<UserState>(PersistenceIdOf(userId), UserState.Empty, context)
{
    /// <summary>The journal id of a user.</summary>
    public static string PersistenceIdOf(string userId) => "user|" + userId;

    /// <inheritdoc />
    protected override UserState ApplyEvent(UserState state, object domainEvent) => state.Apply((UserEvent)domainEvent);

    /// <inheritdoc />
    public override async Task<object> HandleAsync(object message, CancellationToken cancellationToken)
    {
        try
        {
            return message switch
            {
                GetUserStatus => new UserStatus(userId, State.Exists),
                Register command => await RegisterAsync(command, cancellationToken),
                Authenticate command => await AuthenticateAsync(command, cancellationToken),
                ChangePassword command => await ChangePasswordAsync(command, cancellationToken),
                DeleteUser command => await DeleteAsync(command, cancellationToken),
                _ => new Rejected(ErrorCode.InvalidInput, $"a user does not understand {message.GetType().Name}"),
            };
        }
        catch (HashingPoolBusyException)
        {
            return new Rejected(ErrorCode.Busy, "busy, try again", TimeSpan.FromSeconds(1));
        }
    }

    private async Task<IUserReply> RegisterAsync(Register command, CancellationToken cancellationToken)
    {
        if (UserDecider.RefuseRegistration(State, command) is { } refused)
        {
            return refused;
        }

        var hash = await services.Hashing.RunAsync(() => services.Hasher.Hash(command.Password.Value), cancellationToken);
        return await CommitAsync(UserDecider.Register(userId, hash, Now), cancellationToken);
    }

    private async Task<IUserReply> AuthenticateAsync(Authenticate command, CancellationToken cancellationToken)
    {
        if (UserDecider.RefuseAttempt(State, Now) is { } refused)
        {
            await SpendDecoyHashAsync(refused, command.Password, cancellationToken);
            return refused;
        }

        var check = await VerifyAsync(command.Password, cancellationToken);
        var rehash = check.NeedsRehash
            ? await services.Hashing.RunAsync(() => services.Hasher.Hash(command.Password.Value), cancellationToken)
            : null;
        return await CommitAsync(UserDecider.Login(State, userId, check, rehash, command.From, Now, services.Lockout), cancellationToken);
    }

    private async Task<IUserReply> ChangePasswordAsync(ChangePassword command, CancellationToken cancellationToken)
    {
        if ((UserDecider.RefuseAttempt(State, Now) ?? UserDecider.RefuseNewPassword(command)) is { } refused)
        {
            return refused;
        }

        var check = await VerifyAsync(command.OldPassword, cancellationToken);
        var newHash = check.Matches
            ? await services.Hashing.RunAsync(() => services.Hasher.Hash(command.NewPassword.Value), cancellationToken)
            : "";
        return await CommitAsync(UserDecider.ChangePassword(State, userId, check, newHash, Now, services.Lockout), cancellationToken);
    }

    private async Task<IUserReply> DeleteAsync(DeleteUser command, CancellationToken cancellationToken)
    {
        PasswordCheck? check = null;
        if (!command.ByAdmin)
        {
            if (UserDecider.RefuseAttempt(State, Now) is { } refused)
            {
                return refused;
            }

            check = await VerifyAsync(command.Password ?? new Secret(""), cancellationToken);
        }

        return await CommitAsync(UserDecider.Delete(State, userId, check, command.ByAdmin, Now, services.Lockout), cancellationToken);
    }

    private Task<PasswordCheck> VerifyAsync(Secret password, CancellationToken cancellationToken)
    {
        var stored = State.PasswordHash!;
        return services.Hashing.RunAsync(() => services.Hasher.Verify(password.Value, stored), cancellationToken);
    }

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
        await PersistAsync(decision.Events, cancellationToken);
        return decision.Reply;
    }

    private DateTimeOffset Now => Clock.GetUtcNow();
}
