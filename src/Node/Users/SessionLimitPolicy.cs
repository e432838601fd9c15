namespace AuthActors.Node.Users;

/// <summary>What a login does when the user already holds <see cref="SessionOptions.MaxSessions"/> live sessions.</summary>
public enum SessionLimitPolicy
{
    /// <summary>The session that started first ends (reason "session limit"); the login goes through.</summary>
    EvictOldest,

    /// <summary>The login is refused until a session ends.</summary>
    Refuse,
}
