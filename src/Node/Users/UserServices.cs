using System.Security.Cryptography;
using AuthActors.Node.Passwords;
using AuthActors.Node.Tokens;

namespace AuthActors.Node.Users;

/// <summary>
/// What every user entity shares: hashing, the rules' options, the access-token signer, randomness, and the key
/// that derives a rotated refresh token's successor (<see cref="AuthActors.Messages.RefreshTokenFormat.Successor"/>),
/// the same on every node so that a retry is answered alike wherever the user's shard lives, and the key of device
/// tokens.
/// </summary>
public sealed record UserServices(
    PasswordHasher Hasher,
    HashingPool Hashing,
    LockoutOptions Lockout,
    SessionOptions Sessions,
    AccountOptions Account,
    AccessTokenMinter MintAccessToken,
    RandomNumberGenerator Random,
    byte[] RefreshSuccessorKey,
    byte[] DeviceTokenKey)
{
    /// <summary>The services with both token keys derived from <paramref name="pepper"/>.</summary>
    public static UserServices Create(
        PasswordHasher hasher, HashingPool hashing, LockoutOptions lockout, SessionOptions sessions, AccountOptions account,
        AccessTokenMinter mint, RandomNumberGenerator random, byte[] pepper) =>
        new(hasher, hashing, lockout, sessions, account, mint, random, DeriveRefreshSuccessorKey(pepper), DeriveDeviceTokenKey(pepper));

    /// <summary>The key of device tokens (<see cref="AuthActors.Messages.DeviceTokenFormat"/>), derived like the successor key.</summary>
    public static byte[] DeriveDeviceTokenKey(byte[] pepper) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, pepper, 32, info: "authactors device token v1"u8.ToArray());

    /// <summary>The successor key derived from the pepper (HKDF, with its own label, so neither reveals the other).</summary>
    public static byte[] DeriveRefreshSuccessorKey(byte[] pepper) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, pepper, 32, info: "authactors refresh-token successor v1"u8.ToArray());
}

/// <summary>Signs an access token for a session; the node's signing keys live behind it.</summary>
public delegate IssuedAccessToken AccessTokenMinter(string userId, string sessionId, IReadOnlyList<string> roles);
