using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AuthActors.Node.Passwords;

/// <summary>The outcome of checking a password against a stored hash.</summary>
public readonly record struct PasswordCheck(bool Matches, bool NeedsRehash);

/// <summary>
/// PBKDF2-HMAC-SHA256 with a per-user salt and a server-wide pepper, stored as a PHC-style string that carries its
/// parameters: <c>$pbkdf2-sha256$v=1$i=600000$&lt;salt&gt;$&lt;hash&gt;</c> (base64, no padding). CPU-heavy: call it
/// from the <see cref="HashingPool"/>.
/// </summary>
public sealed class PasswordHasher
{
    private const string Prefix = "$pbkdf2-sha256$v=1$i=";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private readonly byte[] _pepper;
    private readonly Lazy<string> _decoyHash;

    /// <summary>A hasher with the configured iteration count and pepper.</summary>
    public PasswordHasher(int iterations, ReadOnlySpan<byte> pepper)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        Iterations = iterations;
        _pepper = pepper.ToArray();
        _decoyHash = new Lazy<string>(() => Hash("decoy password, never matches a real one"));
    }

    /// <summary>The iteration count new hashes get.</summary>
    public int Iterations { get; }

    /// <summary>A hash nobody's password is checked against, so that an unknown id costs as much as a known one.</summary>
    public string DecoyHash => _decoyHash.Value;

    /// <summary>Hashes a password with a fresh random salt.</summary>
    public string Hash(string password)
    {
        Span<byte> salt = stackalloc byte[SaltBytes];
        RandomNumberGenerator.Fill(salt);
        var hash = Derive(password, salt, Iterations);
        return string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Iterations}${Encode(salt)}${Encode(hash)}");
    }

    /// <summary>Checks a password in constant time; a stored hash with other parameters needs a rehash.</summary>
    public PasswordCheck Verify(string password, string storedHash)
    {
        if (!TryParse(storedHash, out var iterations, out var salt, out var expected))
        {
            return new PasswordCheck(false, false);
        }

        var actual = Derive(password, salt, iterations);
        var matches = CryptographicOperations.FixedTimeEquals(actual, expected);
        return new PasswordCheck(matches, matches && iterations != Iterations);
    }

    // The pepper keys an HMAC over the password, so the derived key depends on a secret outside the database.
    private byte[] Derive(string password, ReadOnlySpan<byte> salt, int iterations)
    {
        var peppered = HMACSHA256.HashData(_pepper, Encoding.UTF8.GetBytes(password));
        return Rfc2898DeriveBytes.Pbkdf2(peppered, salt, iterations, HashAlgorithmName.SHA256, HashBytes);
    }

    private static bool TryParse(string stored, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        if (!stored.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = stored[Prefix.Length..].Split('$');
        return parts.Length == 3
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out iterations)
            && iterations > 0
            && TryDecode(parts[1], out salt)
            && TryDecode(parts[2], out hash)
            && hash.Length == HashBytes;
    }

    private static string Encode(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static bool TryDecode(string text, out byte[] bytes)
    {
        var padded = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
        bytes = new byte[padded.Length];
        if (!Convert.TryFromBase64String(padded, bytes, out var written))
        {
            return false;
        }

        bytes = bytes[..written];
        return true;
    }
}
