using AuthActors.Runtime.Security;

namespace AuthActors.Node.Hosting;

/// <summary>
/// The password pepper: from configuration when set, else generated once and kept in the data directory, beside
/// but outside the database, so that a copy of the database alone does not carry it.
/// </summary>
public static class PepperStore
{
    /// <summary>The file a generated pepper is kept in.</summary>
    public const string FileName = "pepper.key";

    private const int MinimumBytes = 16;

    /// <summary>The pepper bytes, and whether they were generated rather than configured.</summary>
    public static (byte[] Pepper, bool Generated) Load(string configured, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return (Decode(configured, "users.hashing.pepper"), false);
        }

        return (GeneratedSecretFile.ReadOrCreate(Path.Combine(dataDirectory, FileName), 32, Decode), true);
    }

    private static byte[] Decode(string base64, string source)
    {
        byte[] pepper;
        try
        {
            pepper = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"the pepper in {source} is not base64");
        }

        return pepper.Length >= MinimumBytes
            ? pepper
            : throw new InvalidOperationException($"the pepper in {source} must be at least {MinimumBytes} bytes");
    }
}
