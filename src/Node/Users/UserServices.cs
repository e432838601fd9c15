using System.Security.Cryptography;
using AuthActors.Node.Passwords;
using AuthActors.Node.Tokens;

namespace AuthActors.Node.Users;

/// <summary>
/// What every user entity shares: hashing, the rules' options, the access-token signer, randomness, and the key
/// that derives a rotated refresh token's successor (<see cref="AuthActors.Messages.RefreshTokenFormat.Successor"/>),
/// the same on every node so that a retry is answered alike wherever the user's shard lives.
/// </summary>
public sealed record UserServices(
    PasswordHasher Hasher,
    HashingPool Hashing,
    LockoutOptions Lockout,
    SessionOptions Sessions,
    AccountOptions Account,
    AccessTokenMinter MintAccessToken,
    RandomNumberGenerator Random,
    byte[] RefreshSuccessorKey)
{
    /// <summary>The successor key derived from the pepper (HKDF, with its own label, so neither reveals the other).</summary>
    public static byte[] DeriveRefreshSuccessorKey(byte[] pepper) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, pepper, 32, info: "authactors refresh-token successor v1"u8.ToArray());
}

/// <summary>Signs an access token for a session; the node's signing keys live behind it.</summary>
public delegate IssuedAccessToken AccessTokenMinter(string userId, string sessionId, IReadOnlyList<string> roles);
