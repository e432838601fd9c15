using AuthActors.Messages;
using Microsoft.Extensions.Configuration;

namespace AuthActors.Gateway.Tcp;

/// <summary>The login port: where it listens and the bounds it holds clients to (section <c>gateway.tcp</c>).</summary>
public sealed class TcpLoginOptions
{
    /// <summary>Address to bind; loopback by default so nothing is exposed until asked.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Port of the login dialog and command mode; 0 picks a free one (tests).</summary>
    public int Port { get; set; } = 4224;

    /// <summary>Longest client message, in bytes, before <c>ERR 413</c> and a close.</summary>
    [ConfigurationKeyName("max-line-length")]
    public int MaxLineLength { get; set; } = 4096;

    /// <summary>A connection with no message for this long is closed.</summary>
    [ConfigurationKeyName("idle-timeout")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long writing one answer may wait on a client that does not read (its buffers full) before the connection
    /// is dropped: a client that never reads cannot hold a connection and its handler forever.
    /// </summary>
    [ConfigurationKeyName("write-timeout")]
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Silence after bytes with no line end that makes them a message (for clients that send no newline).</summary>
    [ConfigurationKeyName("unterminated-pause")]
    public TimeSpan UnterminatedPause { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Open connections allowed from one address.</summary>
    [ConfigurationKeyName("max-connections-per-address")]
    public int MaxConnectionsPerAddress { get; set; } = 32;

    /// <summary>
    /// Password commands (each a hash) one client address may send per second, on the login and session ports
    /// together; 0 = no limit.
    /// </summary>
    [ConfigurationKeyName("password-attempts-per-second-per-address")]
    public int PasswordAttemptsPerSecondPerAddress { get; set; } = 2;

    /// <summary>Password commands one address may send at once before the per-second rate applies.</summary>
    [ConfigurationKeyName("password-burst-per-address")]
    public int PasswordBurstPerAddress { get; set; } = 10;

    /// <summary>Password rules for sign-up and password changes on this port.</summary>
    [ConfigurationKeyName("password-policy")]
    public PasswordPolicyName PasswordPolicy { get; set; } = PasswordPolicyName.Classic;
}
