using Microsoft.Extensions.Configuration;

namespace AuthActors.Node.Users;

/// <summary>When consecutive failures lock an account, and for how long.</summary>
public sealed class LockoutOptions
{
    /// <summary>Consecutive wrong passwords that lock the account.</summary>
    [ConfigurationKeyName("max-failures")]
    public int MaxFailures { get; set; } = 3;

    /// <summary>How long a locked account refuses every attempt.</summary>
    [ConfigurationKeyName("block-duration")]
    public TimeSpan BlockDuration { get; set; } = TimeSpan.FromSeconds(60);
}
