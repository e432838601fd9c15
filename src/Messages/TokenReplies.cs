namespace AuthActors.Messages;

/// <summary>
/// A new token pair. <paramref name="RefreshToken"/> is the only copy: the service keeps its digest.
/// <paramref name="DeviceToken"/> comes with a login in device lock-out mode: the client keeps it for its next logins.
/// </summary>
public sealed record TokensIssued(
    string UserId,
    string SessionId,
    string AccessToken,
    DateTimeOffset AccessTokenExpiresAt,
    Secret RefreshToken,
    DateTimeOffset RefreshTokenExpiresAt,
    IReadOnlyList<string> Roles,
    Secret? DeviceToken = null) : IUserReply;

/// <summary>What a revocation ended: how many sessions, and whether one access token was put on the deny list.</summary>
public sealed record Revoked(string UserId, int SessionsEnded, bool AccessTokenRevoked) : IUserReply;

/// <summary>The answer to a token check: live or not, and for a live token whose session it is.</summary>
public sealed record TokenStatus(bool Active, string? SessionId = null, DateTimeOffset? ExpiresAt = null, IReadOnlyList<string>? Roles = null) : IUserReply
{
    /// <summary>The answer for anything not live, which says nothing more (RFC 7662).</summary>
    public static readonly TokenStatus Inactive = new(false);
}

/// <summary>One live session as its owner sees it.</summary>
public sealed record SessionInfo(
    string SessionId, SessionClient Client, DateTimeOffset StartedAt, DateTimeOffset LastUsedAt, string? From, DateTimeOffset ExpiresAt);

/// <summary>The user's live sessions, newest first.</summary>
public sealed record SessionList(string UserId, IReadOnlyList<SessionInfo> Sessions) : IUserReply;

/// <summary>The session was ended.</summary>
public sealed record SessionEnded(string UserId, string SessionId) : IUserReply;
