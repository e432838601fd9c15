using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace AuthActors.Messages;

/// <summary>
/// The shape of a refresh token: <c>rt1.&lt;user id, base64url&gt;.&lt;session id&gt;.&lt;256 random bits, base64url&gt;</c>.
/// The user id makes a token routable to its user's shard without a lookup; the session id names the family.
/// Only the random part is secret, and the service stores only <see cref="Digest"/> of the whole token.
/// </summary>
public static class RefreshTokenFormat
{
    /// <summary>The longest token accepted; anything longer is refused before any work.</summary>
    public const int MaxLength = 256;

    private const string Prefix = "rt1.";
    private const int SecretBytes = 32;
    private const int SessionIdBytes = 16;

    /// <summary>A new session id: 128 random bits, base64url.</summary>
    public static string NewSessionId(RandomNumberGenerator random) => RandomBase64Url(random, SessionIdBytes);

    /// <summary>A new token for the session, with its digest.</summary>
    public static (Secret Token, string Digest) Create(string userId, string sessionId, RandomNumberGenerator random)
    {
        var token = string.Concat(Prefix, Base64Url.EncodeToString(Encoding.UTF8.GetBytes(userId)), ".", sessionId, ".", RandomBase64Url(random, SecretBytes));
        return (new Secret(token), Digest(token));
    }

    /// <summary>
    /// The token that replaces <paramref name="presented"/> when it is rotated: its secret part is an HMAC of the
    /// presented token under a key only the service holds. Deterministic on purpose: a client whose response was lost
    /// and who presents the same token again within the grace period gets the same successor back, with nothing new
    /// minted and nothing journalled, while nobody without the key can compute it.
    /// </summary>
    public static (Secret Token, string Digest) Successor(string userId, string sessionId, string presented, byte[] key)
    {
        var secret = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(presented));
        var token = string.Concat(Prefix, Base64Url.EncodeToString(Encoding.UTF8.GetBytes(userId)), ".", sessionId, ".", Base64Url.EncodeToString(secret));
        return (new Secret(token), Digest(token));
    }

    /// <summary>Reads the user and session ids out of a token; false for anything not shaped like one.</summary>
    public static bool TryRead(string? token, out string userId, out string sessionId)
    {
        userId = "";
        sessionId = "";
        if (token is null || token.Length > MaxLength || !token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = token[Prefix.Length..].Split('.');
        if (parts.Length != 3 || parts[1].Length == 0 || parts[2].Length == 0
            || !Base64Url.IsValid(parts[0]) || !Base64Url.IsValid(parts[1]) || !Base64Url.IsValid(parts[2]))
        {
            return false;
        }

        try
        {
            userId = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[0]));
        }
        catch (FormatException)
        {
            return false;
        }

        sessionId = parts[1];
        return UserId.IsValid(userId);
    }

    /// <summary>The SHA-256 digest of a token, base64url: what the journal keeps instead of the token.</summary>
    public static string Digest(string token) => Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Compares two digests in constant time.</summary>
    public static bool DigestsEqual(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));

    /// <summary><paramref name="bytes"/> random bytes, base64url: the random ids and secrets of the token formats.</summary>
    internal static string RandomBase64Url(RandomNumberGenerator random, int bytes)
    {
        var buffer = new byte[bytes];
        random.GetBytes(buffer);
        return Base64Url.EncodeToString(buffer);
    }
}
