using AuthActors.Node.Passwords;

namespace AuthActors.Node.Users;

/// <summary>What every user entity shares: the hasher, the hashing pool and the lock-out rules.</summary>
public sealed record UserServices(PasswordHasher Hasher, HashingPool Hashing, LockoutOptions Lockout);
