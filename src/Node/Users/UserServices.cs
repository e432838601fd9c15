using System.Security.Cryptography;
using AuthActors.Node.Passwords;
using AuthActors.Node.Tokens;

namespace AuthActors.Node.Users;

/// <summary>What every user entity shares: hashing, the rules' options, the access-token signer and randomness.</summary>
public sealed record UserServices(
    PasswordHasher Hasher,
    HashingPool Hashing,
    LockoutOptions Lockout,
    SessionOptions Sessions,
    AccountOptions Account,
    AccessTokenMinter MintAccessToken,
    RandomNumberGenerator Random);

/// <summary>Signs an access token for a session; the node's signing keys live behind it.</summary>
public delegate IssuedAccessToken AccessTokenMinter(string userId, string sessionId, IReadOnlyList<string> roles);
