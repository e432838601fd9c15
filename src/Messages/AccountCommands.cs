namespace AuthActors.Messages;

/// <summary>The owner withdraws the account after giving the password; the id stays taken for the cooldown.</summary>
public sealed record Withdraw(string UserId, Secret Password) : IUserCommand;

/// <summary>An admin bans the account: logins are refused and every session ends.</summary>
public sealed record Ban(string UserId, string Reason) : IUserCommand;

/// <summary>An admin lifts a ban.</summary>
public sealed record Unban(string UserId) : IUserCommand;

/// <summary>An admin ends a lock-out before its time and clears the failure count.</summary>
public sealed record Unlock(string UserId) : IUserCommand;

/// <summary>An admin ends every session of the user.</summary>
public sealed record EndAllSessions(string UserId) : IUserCommand;

/// <summary>
/// Creates the configured first admin when the id is free, or confirms it is one. An existing account without the
/// role is never promoted: whoever signed up under that id first must not become admin by configuration.
/// </summary>
public sealed record EnsureAdmin(string UserId, Secret Password) : IUserCommand;

/// <summary>An admin's export: the account's status and stored password hash (never a plain password).</summary>
public sealed record ExportCredential(string UserId) : IReadOnlyUserCommand;
