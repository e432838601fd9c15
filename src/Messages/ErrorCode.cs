namespace AuthActors.Messages;

/// <summary>
/// Stable reasons for a rejection. Each maps to one HTTP status (its numeric value) and to the TCP
/// <c>ERR &lt;status&gt;</c> line, so every gateway tells a client the same thing.
/// </summary>
public enum ErrorCode
{
    /// <summary>The input breaks a rule (id format, password policy, missing argument).</summary>
    InvalidInput = 400,

    /// <summary>Wrong id or password; never says which.</summary>
    BadCredentials = 401,

    /// <summary>The caller may not do this.</summary>
    Forbidden = 403,

    /// <summary>No such user.</summary>
    NotFound = 404,

    /// <summary>The id is already taken.</summary>
    Conflict = 409,

    /// <summary>The input is too large.</summary>
    TooLarge = 413,

    /// <summary>The account is locked after too many failures; the rejection says for how long.</summary>
    Locked = 423,

    /// <summary>Too many requests from this client.</summary>
    RateLimited = 429,

    /// <summary>Something failed inside the service; the request may be retried.</summary>
    Internal = 500,

    /// <summary>The service is at capacity or a dependency is unavailable; try again.</summary>
    Busy = 503,
}
