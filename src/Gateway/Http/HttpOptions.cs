using AuthActors.Messages;
using Microsoft.Extensions.Configuration;

namespace AuthActors.Gateway.Http;

/// <summary>The HTTP port: where it listens and the bounds it holds clients to (section <c>gateway.http</c>).</summary>
public sealed class HttpOptions
{
    /// <summary>Address to bind; loopback by default so nothing is exposed until asked.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Port of the JSON API; 0 picks a free one (tests).</summary>
    public int Port { get; set; } = 8080;

    /// <summary>Largest request body in bytes; a larger one gets 413 before it is read.</summary>
    [ConfigurationKeyName("max-body-size")]
    public int MaxBodySize { get; set; } = 16 * 1024;

    /// <summary>Requests per second allowed from one client address on the API; 0 turns the limit off.</summary>
    [ConfigurationKeyName("requests-per-second-per-address")]
    public int RequestsPerSecondPerAddress { get; set; } = 100;

    /// <summary>Burst above the steady rate one address may send.</summary>
    [ConfigurationKeyName("burst-per-address")]
    public int BurstPerAddress { get; set; } = 200;

    /// <summary>Password attempts per minute allowed for one account on the token endpoint; 0 turns the limit off.</summary>
    [ConfigurationKeyName("password-attempts-per-minute-per-account")]
    public int PasswordAttemptsPerMinutePerAccount { get; set; } = 20;

    /// <summary>
    /// Whose failures lock whom out on the token endpoint and the web login: <c>device</c> (the default: a client
    /// without a device token for the user cannot lock the user's own devices out) or <c>account</c>.
    /// </summary>
    [ConfigurationKeyName("lockout-mode")]
    public LockoutMode LockoutMode { get; set; } = LockoutMode.Device;

    /// <summary>Services allowed to call the introspection endpoint, by client id and secret (HTTP Basic).</summary>
    [ConfigurationKeyName("introspection-clients")]
    public Dictionary<string, string> IntrospectionClients { get; set; } = [];
}
