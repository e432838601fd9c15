namespace AuthActors.Node.Users;

/// <summary>One failure budget: consecutive failures, the lock-out in force, and lock-outs so far (for growth).</summary>
public sealed record LockoutPool(int Failures, DateTimeOffset? LockedUntil, int Lockouts)
{
    /// <summary>No failures, no lock-out.</summary>
    public static readonly LockoutPool Clear = new(0, null, 0);

    /// <summary>True while a lock-out is in force.</summary>
    public bool IsLockedAt(DateTimeOffset now) => LockedUntil is { } until && until > now;
}

/// <summary>A trusted device's own budget; kept only for devices that have failed since their last success.</summary>
public sealed record DeviceLockout(string DeviceId, LockoutPool Pool);

/// <summary>How events name the budgets of device mode.</summary>
public static class LockoutPools
{
    /// <summary>The <c>via</c> of failures from clients without a valid device token.</summary>
    public const string UntrustedVia = "untrusted";

    /// <summary>The prefix of a trusted device's <c>via</c>.</summary>
    public const string DevicePrefix = "device:";

    /// <summary>Devices with a budget in use kept at most; the longest-kept goes first (its failures are forgotten).</summary>
    public const int MaxDevices = 32;
}
