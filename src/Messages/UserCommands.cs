namespace AuthActors.Messages;

/// <summary>A request to one user entity; <see cref="UserId"/> names the entity.</summary>
public interface IUserCommand
{
    /// <summary>The id of the user the command is for.</summary>
    string UserId { get; }
}

/// <summary>
/// A command that only reads the entity's state and changes nothing. When the node that had it in flight vanishes,
/// it is sent again to the next owner: running it twice cannot count anything twice.
/// </summary>
public interface IReadOnlyUserCommand : IUserCommand;

/// <summary>Which password rules apply to a new password.</summary>
public enum PasswordPolicyName
{
    /// <summary>The TCP dialog's rules: no whitespace, a digit, a letter, longer than 4.</summary>
    Classic,

    /// <summary>NIST SP 800-63B: 8–128 characters, no composition rules.</summary>
    Nist,

    /// <summary>Any non-empty password up to the length bound: only for importing users who already have one.</summary>
    Imported,
}

/// <summary>Asks whether the user exists (the TCP dialog needs it to choose between login and sign-up).</summary>
public sealed record GetUserStatus(string UserId) : IReadOnlyUserCommand;

/// <summary>Creates the user with a password that must satisfy <paramref name="Policy"/>, and an optional profile.</summary>
public sealed record Register(
    string UserId, Secret Password, PasswordPolicyName Policy, string? Email = null, string? DisplayName = null) : IUserCommand;

/// <summary>Checks the password; counts failures and locks the account after too many.</summary>
public sealed record Authenticate(string UserId, Secret Password, string? From = null) : IUserCommand;

/// <summary>Replaces the password after checking the old one; the new one must satisfy <paramref name="Policy"/>.</summary>
public sealed record ChangePassword(string UserId, Secret OldPassword, Secret NewPassword, PasswordPolicyName Policy) : IUserCommand;

/// <summary>Deletes the user, after checking the password unless an admin asks. A deleted id may register again.</summary>
public sealed record DeleteUser(string UserId, Secret? Password, bool ByAdmin = false) : IUserCommand;

/// <summary>Asks for what the account shows its owner (and admins): profile, status, last login, failures.</summary>
public sealed record GetProfile(string UserId) : IReadOnlyUserCommand;
