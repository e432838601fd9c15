using Microsoft.Extensions.Configuration;

namespace AuthActors.Node.Users;

/// <summary>Account lifecycle rules.</summary>
public sealed class AccountOptions
{
    /// <summary>How long a withdrawn id stays taken, so nobody can pose as its former owner at once.</summary>
    [ConfigurationKeyName("withdrawal-cooldown")]
    public TimeSpan WithdrawalCooldown { get; set; } = TimeSpan.FromDays(7);
}
