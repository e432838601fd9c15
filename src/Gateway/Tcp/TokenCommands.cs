using System.Globalization;
using AuthActors.Messages;
using AuthActors.Node.Tokens;
using AuthActors.Node.Users;

namespace AuthActors.Gateway.Tcp;

/// <summary>
/// The token operations of command mode, answered as one line of <c>key=value</c> pairs so that programs split
/// it without a JSON parser: <c>OK access_token=… refresh_token=… token_type=Bearer expires_in=600</c>.
/// </summary>
internal sealed class TokenCommands(UserDirectory users, TokenServices tokens, TimeProvider clock)
{
    /// <summary>The answer line, or null when the command is not well formed (the caller prints the usage).</summary>
    public async Task<string?> ExecuteAsync(string verb, string[] parts, string from)
    {
        IUserReply reply;
        switch (verb, parts.Length)
        {
            case ("TOKEN", 3):
                reply = await users.AskAsync(new IssueTokens(parts[1], parts[2], SessionClient.Tcp, from), CancellationToken.None);
                break;
            case ("REFRESH", 2):
                reply = RefreshTokenFormat.TryRead(parts[1], out var owner, out _)
                    ? await users.AskAsync(new RefreshTokens(owner, parts[1], from), CancellationToken.None)
                    : new Rejected(ErrorCode.BadCredentials, SessionDecider.InvalidRefreshToken);
                break;
            case ("REVOKE", 2 or 3):
                var scope = parts.Length == 3 ? ParseScope(parts[2]) : RevokeScope.Token;
                if (scope is null)
                {
                    return null;
                }

                reply = await RevokeAsync(parts[1], scope.Value);
                break;
            default:
                return null;
        }

        return reply switch
        {
            TokensIssued issued => string.Create(
                CultureInfo.InvariantCulture,
                $"OK access_token={issued.AccessToken} refresh_token={issued.RefreshToken.Value} token_type=Bearer expires_in={Math.Max(0, (int)(issued.AccessTokenExpiresAt - clock.GetUtcNow()).TotalSeconds)}"),
            Revoked revoked => string.Create(
                CultureInfo.InvariantCulture,
                $"OK revoked sessions_ended={revoked.SessionsEnded} access_token_revoked={(revoked.AccessTokenRevoked ? "true" : "false")}"),
            Rejected rejected => string.Create(CultureInfo.InvariantCulture, $"ERR {(int)rejected.Code} {string.Join("; ", rejected.Reasons)}"),
            var other => $"ERR 500 unexpected reply {other.GetType().Name}",
        };
    }

    private async Task<IUserReply> RevokeAsync(string token, RevokeScope scope)
    {
        if (RefreshTokenFormat.TryRead(token, out var owner, out _))
        {
            return await users.AskAsync(new RevokeRefreshToken(owner, token, scope), CancellationToken.None);
        }

        var check = await tokens.Validator.ValidateAsync(token);
        return check.Claims is { } claims
            ? await users.AskAsync(new RevokeAccessToken(claims.Subject, claims.SessionId, claims.TokenId, claims.ExpiresAt, scope), CancellationToken.None)
            : new Revoked("", 0, false);
    }

    private static RevokeScope? ParseScope(string text) => text switch
    {
        "token" => RevokeScope.Token,
        "family" => RevokeScope.Family,
        "all" => RevokeScope.All,
        _ => null,
    };
}
