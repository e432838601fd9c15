using Microsoft.Extensions.Configuration;

namespace AuthActors.Node.Users;

/// <summary>When failures lock whom out, and for how long (section <c>users.lockout</c>).</summary>
public sealed class LockoutOptions
{
    /// <summary>Consecutive wrong passwords that lock the account (account mode) or untrusted clients (device mode).</summary>
    [ConfigurationKeyName("max-failures")]
    public int MaxFailures { get; set; } = 3;

    /// <summary>How long the first lock-out refuses every attempt.</summary>
    [ConfigurationKeyName("block-duration")]
    public TimeSpan BlockDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Consecutive wrong passwords from one trusted device that lock that device alone (device mode).</summary>
    [ConfigurationKeyName("device-max-failures")]
    public int DeviceMaxFailures { get; set; } = 5;

    /// <summary>
    /// Consecutive failures from all sources together after which only a trusted device's successful login or an
    /// admin unlock lets anyone in (NIST SP 800-63B's limit of 100).
    /// </summary>
    public int Ceiling { get; set; } = 100;

    /// <summary>Each further lock-out of the same kind without a success in between lasts this many times longer.</summary>
    [ConfigurationKeyName("growth-factor")]
    public double GrowthFactor { get; set; } = 1;

    /// <summary>The longest a growing lock-out lasts.</summary>
    [ConfigurationKeyName("max-block-duration")]
    public TimeSpan MaxBlockDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long the lock-out after <paramref name="earlierLockouts"/> earlier ones lasts.</summary>
    public TimeSpan BlockFor(int earlierLockouts)
    {
        var factor = Math.Pow(Math.Max(1, GrowthFactor), Math.Min(earlierLockouts, 64));
        var ticks = BlockDuration.Ticks * factor;
        return ticks >= MaxBlockDuration.Ticks ? (BlockDuration > MaxBlockDuration ? BlockDuration : MaxBlockDuration) : TimeSpan.FromTicks((long)ticks);
    }
}
