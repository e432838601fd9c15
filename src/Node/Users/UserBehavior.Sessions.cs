using AuthActors.Messages;

namespace AuthActors.Node.Users;

/// <summary>The token commands: open a session, rotate, revoke, check.</summary>
public sealed partial class UserEntity
{
    private async Task<IUserReply> IssueTokensAsync(IssueTokens command, CancellationToken cancellationToken)
    {
        var device = command.Mode == LockoutMode.Device ? DeviceTokenFormat.DeviceOf(command.DeviceToken?.Value, userId, services.DeviceTokenKey) : null;
        var attempt = command.Mode == LockoutMode.Account ? LoginAttempt.Account : device is null ? LoginAttempt.Untrusted : LoginAttempt.Device(device);
        var login = await LoginAsync(command.Password, command.From, cancellationToken, attempt);
        var fresh = NewToken(RefreshTokenFormat.NewSessionId(services.Random));
        var reply = await CommitAsync(SessionDecider.Open(State, login, fresh, command.Client, command.From, Now, services.Sessions), cancellationToken);

        // A client that logged in in device mode is a trusted device from now on: it keeps its device id, or gets one.
        return reply is TokensIssued issued && command.Mode == LockoutMode.Device
            ? issued with { DeviceToken = DeviceTokenFormat.Create(userId, device ?? DeviceTokenFormat.NewDeviceId(services.Random), services.DeviceTokenKey) }
            : reply;
    }

    private async Task<IUserReply> RefreshAsync(RefreshTokens command, CancellationToken cancellationToken)
    {
        if (!RefreshTokenFormat.TryRead(command.RefreshToken.Value, out var owner, out var sessionId) || owner != userId)
        {
            return new Rejected(ErrorCode.BadCredentials, SessionDecider.InvalidRefreshToken);
        }

        var presented = RefreshTokenFormat.Digest(command.RefreshToken.Value);
        var (token, digest) = RefreshTokenFormat.Successor(userId, sessionId, command.RefreshToken.Value, services.RefreshSuccessorKey);
        var successor = new NewRefreshToken(sessionId, token, digest);
        return await CommitAsync(SessionDecider.Refresh(State, presented, successor, command.From, Now, services.Sessions), cancellationToken);
    }

    private async Task<IUserReply> RevokeAsync(RevokeRefreshToken command, CancellationToken cancellationToken)
    {
        if (!RefreshTokenFormat.TryRead(command.RefreshToken.Value, out var owner, out var sessionId) || owner != userId)
        {
            return new Revoked(userId, 0, false);
        }

        var presented = RefreshTokenFormat.Digest(command.RefreshToken.Value);
        return await CommitAsync(SessionDecider.RevokeByRefreshToken(State, userId, sessionId, presented, command.Scope, Now), cancellationToken);
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
