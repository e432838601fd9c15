using System.Security.Cryptography;

namespace AuthActors.Runtime.Security;

/// <summary>A random secret generated once into a base64 file, owner-only from the moment it exists, and read back after.</summary>
public static class GeneratedSecretFile
{
    /// <summary>The secret in <paramref name="path"/> through <paramref name="decode"/>; else a new one of <paramref name="bytes"/> bytes, written there.</summary>
    public static byte[] ReadOrCreate(string path, int bytes, Func<string, string, byte[]> decode)
    {
        ArgumentNullException.ThrowIfNull(decode);
        if (File.Exists(path))
        {
            return decode(File.ReadAllText(path).Trim(), path);
        }

        var secret = RandomNumberGenerator.GetBytes(bytes);
        PrivateFiles.WriteNew(path, Convert.ToBase64String(secret));
        return secret;
    }
}
