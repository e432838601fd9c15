using AuthActors.Messages;

namespace AuthActors.Node.Users;

/// <summary>
/// One live session: a refresh-token family. <paramref name="RefreshDigest"/> is the digest of the one token that
/// may rotate; <paramref name="RotatedDigests"/> remembers the latest replaced ones, so that presenting one of them
/// again is recognised as reuse rather than as a random wrong token.
/// </summary>
public sealed record UserSession(
    string SessionId,
    SessionClient Client,
    string RefreshDigest,
    IReadOnlyList<string> RotatedDigests,
    DateTimeOffset StartedAt,
    DateTimeOffset LastUsedAt,
    string? From)
{
    /// <summary>When the session ends without use: idle lifetime after the last use, never past the absolute one.</summary>
    public DateTimeOffset ExpiresAt(SessionOptions options)
    {
        var idle = LastUsedAt + options.IdleLifetime;
        var absolute = StartedAt + options.AbsoluteLifetime;
        return idle < absolute ? idle : absolute;
    }

    /// <summary>True once the session has expired.</summary>
    public bool IsExpiredAt(DateTimeOffset now, SessionOptions options) => ExpiresAt(options) <= now;
}
