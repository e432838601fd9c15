using System.Text.Json.Serialization;

namespace AuthActors.Messages;

/// <summary>Which client a session belongs to, so a user can tell their sessions apart.</summary>
public enum SessionClient
{
    /// <summary>The JSON API (token endpoint).</summary>
    [JsonStringEnumMemberName("api")]
    Api,

    /// <summary>The TCP command mode (<c>TOKEN id password</c>).</summary>
    [JsonStringEnumMemberName("tcp")]
    Tcp,

    /// <summary>A browser on the web pages.</summary>
    [JsonStringEnumMemberName("web")]
    Web,
}

/// <summary>How much a revocation ends.</summary>
public enum RevokeScope
{
    /// <summary>The token itself: a refresh token ends its session; an access token is refused from then on.</summary>
    [JsonStringEnumMemberName("token")]
    Token,

    /// <summary>The whole session (refresh-token family) the token belongs to.</summary>
    [JsonStringEnumMemberName("family")]
    Family,

    /// <summary>Every session of the user.</summary>
    [JsonStringEnumMemberName("all")]
    All,
}

/// <summary>
/// Checks the password and opens a session: an access token and the first refresh token of a new family. In
/// <see cref="LockoutMode.Device"/> a failure counts against <paramref name="DeviceToken"/>'s device when it is a
/// valid one for this user, else against untrusted clients; a success returns a device token.
/// </summary>
public sealed record IssueTokens(
    string UserId, Secret Password, SessionClient Client, string? From = null, LockoutMode Mode = LockoutMode.Account, Secret? DeviceToken = null)
    : IUserCommand;

/// <summary>Rotates a refresh token: the presented one stops working and a new pair is issued.</summary>
public sealed record RefreshTokens(string UserId, Secret RefreshToken, string? From = null) : IUserCommand;

/// <summary>Revokes by a refresh token, which proves the caller holds the session.</summary>
public sealed record RevokeRefreshToken(string UserId, Secret RefreshToken, RevokeScope Scope) : IUserCommand;

/// <summary>Revokes by a verified access token (the edge checked its signature).</summary>
public sealed record RevokeAccessToken(string UserId, string SessionId, string TokenId, DateTimeOffset ExpiresAt, RevokeScope Scope) : IUserCommand;

/// <summary>Asks whether a verified access token's session is still live and the token not revoked.</summary>
public sealed record CheckAccessToken(string UserId, string SessionId, string TokenId) : IReadOnlyUserCommand;

/// <summary>Asks whether a refresh token is the current one of a live session.</summary>
public sealed record CheckRefreshToken(string UserId, Secret RefreshToken) : IReadOnlyUserCommand;

/// <summary>Lists the user's live sessions.</summary>
public sealed record ListSessions(string UserId) : IReadOnlyUserCommand;

/// <summary>Ends one session of the user.</summary>
public sealed record EndSession(string UserId, string SessionId) : IUserCommand;
