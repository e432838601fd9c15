using System.Security.Cryptography;
using System.Text;

namespace AuthActors.Node.Tokens;

/// <summary>
/// Encrypts private signing keys for the database with AES-256-GCM. The kid is the associated data, so a ciphertext
/// moved to another row fails to decrypt instead of signing under the wrong kid.
/// </summary>
public sealed class SigningKeyProtector
{
    // Layout: version (1) | nonce (12) | tag (16) | ciphertext. The version byte leaves room for another scheme.
    private const byte FormatVersion = 1;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private const int HeaderBytes = 1 + NonceBytes + TagBytes;

    private readonly byte[] key;

    /// <summary>A protector with a 256-bit key-encryption key.</summary>
    public SigningKeyProtector(byte[] keyEncryptionKey)
    {
        ArgumentNullException.ThrowIfNull(keyEncryptionKey);
        if (keyEncryptionKey.Length != KeyEncryptionKeyStore.KeyBytes)
        {
            throw new ArgumentException($"the key-encryption key must be {KeyEncryptionKeyStore.KeyBytes} bytes", nameof(keyEncryptionKey));
        }

        key = (byte[])keyEncryptionKey.Clone();
    }

    /// <summary>The private key encrypted, bound to its kid.</summary>
    public byte[] Protect(string kid, ReadOnlySpan<byte> privateKey)
    {
        var output = new byte[HeaderBytes + privateKey.Length];
        output[0] = FormatVersion;
        var nonce = output.AsSpan(1, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, privateKey, output.AsSpan(HeaderBytes), output.AsSpan(1 + NonceBytes, TagBytes), Encoding.UTF8.GetBytes(kid));
        return output;
    }

    /// <summary>The private key in clear; a clear one-line error when this is not the key it was written with.</summary>
    /// <exception cref="SigningKeyDecryptionException">wrong key-encryption key, wrong kid or damaged bytes</exception>
    public byte[] Unprotect(string kid, ReadOnlySpan<byte> protectedKey)
    {
        if (protectedKey.Length < HeaderBytes || protectedKey[0] != FormatVersion)
        {
            throw new SigningKeyDecryptionException(kid, "the stored bytes are not in a format this build knows");
        }

        var plaintext = new byte[protectedKey.Length - HeaderBytes];
        try
        {
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(
                protectedKey.Slice(1, NonceBytes),
                protectedKey[HeaderBytes..],
                protectedKey.Slice(1 + NonceBytes, TagBytes),
                plaintext,
                Encoding.UTF8.GetBytes(kid));
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new SigningKeyDecryptionException(kid, "the key-encryption key is not the one it was written with");
        }
    }
}

/// <summary>A stored signing key could not be decrypted; the message is one line fit for the start-up error.</summary>
public sealed class SigningKeyDecryptionException : InvalidOperationException
{
    /// <summary>Creates the error for a kid and a reason.</summary>
    public SigningKeyDecryptionException(string kid, string reason)
        : base($"cannot decrypt signing key {kid}: {reason}")
    {
        Kid = kid;
    }

    /// <summary>The key that failed.</summary>
    public string Kid { get; }
}
