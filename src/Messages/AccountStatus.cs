using System.Text.Json.Serialization;

namespace AuthActors.Messages;

/// <summary>Where an account stands; only an active account may log in.</summary>
public enum AccountStatus
{
    /// <summary>May log in.</summary>
    [JsonStringEnumMemberName("active")]
    Active,

    /// <summary>Refused by an admin: logins get 403 "account protected" until unbanned.</summary>
    [JsonStringEnumMemberName("banned")]
    Banned,

    /// <summary>Withdrawn by its owner: logins are refused and the id cannot sign up again during the cooldown.</summary>
    [JsonStringEnumMemberName("withdrawn")]
    Withdrawn,
}
