using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace AuthActors.Messages;

/// <summary>
/// A device token: <c>dv1.&lt;device id&gt;.&lt;HMAC-SHA256 of user id and device id, base64url&gt;</c>. Given to a
/// client after it logged in successfully as a user (a cookie for browsers, a field of the token response for API
/// clients); presented with later logins, it makes that client a trusted device of that user, with its own failure
/// budget. Stateless: the MAC under a service-held key is the proof, and it binds the token to one user.
/// </summary>
public static class DeviceTokenFormat
{
    /// <summary>The longest token accepted; anything longer is not looked at.</summary>
    public const int MaxLength = 128;

    private const string Prefix = "dv1.";
    private const int DeviceIdBytes = 16;

    /// <summary>A new device id: 128 random bits, base64url.</summary>
    public static string NewDeviceId(RandomNumberGenerator random) => RefreshTokenFormat.RandomBase64Url(random, DeviceIdBytes);

    /// <summary>The token that names <paramref name="deviceId"/> as a device of <paramref name="userId"/>.</summary>
    public static Secret Create(string userId, string deviceId, byte[] key) =>
        new(string.Concat(Prefix, deviceId, ".", Base64Url.EncodeToString(Mac(userId, deviceId, key))));

    /// <summary>The device id of a token issued for <paramref name="userId"/> under <paramref name="key"/>; null otherwise.</summary>
    public static string? DeviceOf(string? token, string userId, byte[] key)
    {
        if (token is null || token.Length > MaxLength || !token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = token[Prefix.Length..].Split('.');
        if (parts.Length != 2 || parts[0].Length == 0 || !Base64Url.IsValid(parts[0]) || !Base64Url.IsValid(parts[1]))
        {
            return null;
        }

        var presented = Base64Url.DecodeFromChars(parts[1]);
        return CryptographicOperations.FixedTimeEquals(presented, Mac(userId, parts[0], key)) ? parts[0] : null;
    }

    /// <summary>True for anything shaped like a device token (not verified: the edge cannot, the user's entity does).</summary>
    public static bool LooksLikeOne(string? token) =>
        token is not null && token.Length <= MaxLength && token.StartsWith(Prefix, StringComparison.Ordinal);

    private static byte[] Mac(string userId, string deviceId, byte[] key) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(string.Concat(userId, "\n", deviceId)));
}
