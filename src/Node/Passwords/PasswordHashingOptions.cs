using Microsoft.Extensions.Configuration;

namespace AuthActors.Node.Passwords;

/// <summary>How passwords are hashed and how much hashing may run at once.</summary>
public sealed class PasswordHashingOptions
{
    /// <summary>PBKDF2-HMAC-SHA256 iterations; OWASP's 2023 figure. Stored hashes with fewer are upgraded on login.</summary>
    public int Iterations { get; set; } = 600_000;

    /// <summary>Hashing threads; 0 means one per core.</summary>
    public int Workers { get; set; }

    /// <summary>Hash requests allowed to wait for a thread; past it a login is refused as busy, not slowed down.</summary>
    [ConfigurationKeyName("queue-limit")]
    public int QueueLimit { get; set; } = 64;

    /// <summary>
    /// A server-wide secret mixed into every hash, kept out of the database so a stolen database alone cannot be
    /// cracked. Base64; empty means one is generated on first start and kept in the data directory.
    /// </summary>
    public string Pepper { get; set; } = "";
}
