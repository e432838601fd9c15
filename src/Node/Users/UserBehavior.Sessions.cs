using AuthActors.Messages;

namespace AuthActors.Node.Users;

/// <summary>The token commands: open a session, rotate, revoke, check.</summary>
public sealed partial class UserBehavior
{
    private async Task<UserOutcome> IssueTokensAsync(IssueTokens command, CancellationToken cancellationToken)
    {
        var device = command.Mode == LockoutMode.Device ? DeviceTokenFormat.DeviceOf(command.DeviceToken?.Value, userId, services.DeviceTokenKey) : null;
        var attempt = command.Mode == LockoutMode.Account ? LoginAttempt.Account : device is null ? LoginAttempt.Untrusted : LoginAttempt.Device(device);
        var login = await LoginAsync(command.Password, command.From, cancellationToken, attempt);
        var fresh = NewToken(RefreshTokenFormat.NewSessionId(services.Random));
        var decision = SessionDecider.Open(State, login, fresh, command.Client, command.From, Now, services.Sessions);

        // A client that logged in in device mode is a trusted device from now on: it keeps its device id, or gets one.
        return command.Mode != LockoutMode.Device ? Decided(decision) : Decided(decision, reply => reply is TokensIssued issued
            ? issued with { DeviceToken = DeviceTokenFormat.Create(userId, device ?? DeviceTokenFormat.NewDeviceId(services.Random), services.DeviceTokenKey) }
            : reply);
    }

    private UserOutcome Refresh(RefreshTokens command)
    {
        if (!RefreshTokenFormat.TryRead(command.RefreshToken.Value, out var owner, out var sessionId) || owner != userId)
        {
            return Answer(new Rejected(ErrorCode.BadCredentials, SessionDecider.InvalidRefreshToken));
        }

        var presented = RefreshTokenFormat.Digest(command.RefreshToken.Value);
        var (token, digest) = RefreshTokenFormat.Successor(userId, sessionId, command.RefreshToken.Value, services.RefreshSuccessorKey);
        var successor = new NewRefreshToken(sessionId, token, digest);
        return Decided(SessionDecider.Refresh(State, presented, successor, command.From, Now, services.Sessions));
    }

    private UserOutcome Revoke(RevokeRefreshToken command)
    {
        if (!RefreshTokenFormat.TryRead(command.RefreshToken.Value, out var owner, out var sessionId) || owner != userId)
        {
            return Answer(new Revoked(userId, 0, false));
        }

        var presented = RefreshTokenFormat.Digest(command.RefreshToken.Value);
        return Decided(SessionDecider.RevokeByRefreshToken(State, userId, sessionId, presented, command.Scope, Now));
    }

    private TokenStatus CheckRefreshToken(CheckRefreshToken command) =>
        RefreshTokenFormat.TryRead(command.RefreshToken.Value, out var owner, out var sessionId) && owner == userId
            ? SessionDecider.CheckRefreshToken(State, sessionId, RefreshTokenFormat.Digest(command.RefreshToken.Value), Now, services.Sessions)
            : TokenStatus.Inactive;

    private NewRefreshToken NewToken(string sessionId)
    {
        var (token, digest) = RefreshTokenFormat.Create(userId, sessionId, services.Random);
        return new NewRefreshToken(sessionId, token, digest);
    }
}
