using AuthActors.Messages;

namespace AuthActors.Node.Users;

/// <summary>
/// A decision's reply when a session opened or rotated: the shell turns it into <see cref="TokensIssued"/> by
/// signing an access token, which needs keys and so stays out of the pure rules.
/// </summary>
internal sealed record SessionGranted(string SessionId, Secret RefreshToken, DateTimeOffset RefreshTokenExpiresAt, IReadOnlyList<string> Roles) : IUserReply;

/// <summary>A fresh refresh token made by the shell (randomness is I/O), handed to the rules with its digest.</summary>
public sealed record NewRefreshToken(string SessionId, Secret Token, string Digest);
