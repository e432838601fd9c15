namespace AuthActors.Messages;

/// <summary>What an account shows its owner and admins.</summary>
public sealed record UserProfile(
    string UserId,
    AccountStatus Status,
    string? Email,
    string? DisplayName,
    IReadOnlyList<string> Roles,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastLoginAt,
    string? LastLoginFrom,
    int FailedAttempts,
    DateTimeOffset? LockedUntil,
    string? BanReason,
    DateTimeOffset? WithdrawnAt,
    int ActiveSessions) : IUserReply;

/// <summary>The account's status after an admin or owner action.</summary>
public sealed record AccountChanged(string UserId, AccountStatus Status) : IUserReply;

/// <summary>The account was withdrawn; the id can be taken again from <paramref name="FreeAgainAt"/>.</summary>
public sealed record Withdrawn(string UserId, DateTimeOffset FreeAgainAt) : IUserReply;

/// <summary>
/// The account for an export: its status and its password hash in the hasher's self-describing format (algorithm,
/// version, iterations, salt), which another installation with the same pepper can verify.
/// </summary>
public sealed record CredentialExported(string UserId, AccountStatus Status, string PasswordHash) : IUserReply;
