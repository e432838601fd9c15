using AuthActors.Messages;
using Microsoft.Extensions.Configuration;

namespace AuthActors.Gateway.Http;

/// <summary>The account rules of the HTTP API (section <c>gateway.http</c>).</summary>
public sealed class ApiPolicyOptions
{
    /// <summary>Password rules for sign-up and password changes over HTTP.</summary>
    [ConfigurationKeyName("password-policy")]
    public PasswordPolicyName PasswordPolicy { get; set; } = PasswordPolicyName.Nist;
}
