using AuthActors.Messages;

namespace AuthActors.Node.Users;

/// <summary>
/// Whose failure budget a password attempt spends: the account's (account mode), untrusted clients' (device mode,
/// no valid device token), or one trusted device's (<paramref name="DeviceId"/>, verified by the shell).
/// </summary>
public sealed record LoginAttempt(LockoutMode Mode, string? DeviceId)
{
    /// <summary>An attempt in account mode: the TCP dialog, and password re-checks of a signed-in user.</summary>
    public static readonly LoginAttempt Account = new(LockoutMode.Account, null);

    /// <summary>A device-mode attempt without a valid device token.</summary>
    public static readonly LoginAttempt Untrusted = new(LockoutMode.Device, null);

    /// <summary>A device-mode attempt from a trusted device.</summary>
    public static LoginAttempt Device(string deviceId) => new(LockoutMode.Device, deviceId);

    /// <summary>True for a device-mode attempt with a valid device token.</summary>
    public bool IsTrusted => Mode == LockoutMode.Device && DeviceId is not null;

    /// <summary>How events name the budget: null for the account, <c>untrusted</c>, or <c>device:&lt;id&gt;</c>.</summary>
    public string? Via => Mode == LockoutMode.Account ? null : DeviceId is null ? LockoutPools.UntrustedVia : LockoutPools.DevicePrefix + DeviceId;
}
