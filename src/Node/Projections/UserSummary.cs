using AuthActors.Messages;

namespace AuthActors.Node.Projections;

/// <summary>One user as the admin's list shows it, kept up to date from the journal.</summary>
public sealed record UserSummary(string UserId, AccountStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? LastLoginAt, DateTimeOffset? LockedUntil)
{
    /// <summary>True while a lock-out is in force.</summary>
    public bool IsLockedAt(DateTimeOffset now) => LockedUntil is { } until && until > now;
}

/// <summary>The filter of the admin's list: <c>locked</c> is an active account inside a lock-out.</summary>
public enum UserListFilter
{
    /// <summary>Every user.</summary>
    All,

    /// <summary>Active and not locked.</summary>
    Active,

    /// <summary>Inside a lock-out.</summary>
    Locked,

    /// <summary>Banned by an admin.</summary>
    Banned,

    /// <summary>Withdrawn by their owner.</summary>
    Withdrawn,
}

/// <summary>One page of the list, with the number of users that matched in all.</summary>
public sealed record UserPage(IReadOnlyList<UserSummary> Users, int Total);
