using AuthActors.Runtime.Security;

namespace AuthActors.Node.Tokens;

/// <summary>
/// The key that encrypts signing keys at rest: from configuration when set, else generated once and kept in the data
/// directory, outside the database, so that a copy of the database alone cannot sign tokens.
/// </summary>
public static class KeyEncryptionKeyStore
{
    /// <summary>The file a generated key-encryption key is kept in.</summary>
    public const string FileName = "token-signing.kek";

    /// <summary>The key's length: AES-256.</summary>
    public const int KeyBytes = 32;

    /// <summary>The key bytes, and whether they were generated (or read back from the file) rather than configured.</summary>
    public static (byte[] Key, bool Generated) Load(string configured, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return (Decode(configured, "tokens.signing.key-encryption-key"), false);
        }

        return (GeneratedSecretFile.ReadOrCreate(Path.Combine(dataDirectory, FileName), KeyBytes, Decode), true);
    }

    private static byte[] Decode(string base64, string source)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"the key-encryption key in {source} is not base64");
        }

        return key.Length == KeyBytes
            ? key
            : throw new InvalidOperationException($"the key-encryption key in {source} must be {KeyBytes} bytes, not {key.Length}");
    }
}
