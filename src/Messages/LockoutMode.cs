using System.Text.Json.Serialization;

namespace AuthActors.Messages;

/// <summary>Which failures lock whom out. The edge chooses it per protocol (<c>lockout-mode</c> in its section).</summary>
public enum LockoutMode
{
    /// <summary>N consecutive failures lock the account for everyone, as the TCP dialog always did.</summary>
    [JsonStringEnumMemberName("account")]
    Account,

    /// <summary>
    /// OWASP's device cookies: failures from clients without a device token for the user lock out untrusted clients
    /// only; each trusted device has its own small budget. Knowing a user name is not enough to lock its owner out.
    /// </summary>
    [JsonStringEnumMemberName("device")]
    Device,
}
