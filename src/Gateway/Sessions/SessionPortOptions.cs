using AuthActors.Gateway.Tcp;
using Microsoft.Extensions.Configuration;

namespace AuthActors.Gateway.Sessions;

/// <summary>The session port (section <c>gateway.session</c>): the login dialog, then an online session that stays open.</summary>
public sealed class SessionPortOptions
{
    /// <summary>Address to bind; loopback by default so nothing is exposed until asked.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Port of the online sessions; 0 picks a free one (tests).</summary>
    public int Port { get; set; } = 4225;

    /// <summary>A session with no command for this long is logged out, and told why.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>False: a second login while the user is online is refused with <c>already logged in</c>.</summary>
    [ConfigurationKeyName("allow-multiple-sessions")]
    public bool AllowMultipleSessions { get; set; }

    /// <summary>
    /// True (the default): every login and logout is told to the other online users (<c>bob logged in</c>). False: no
    /// presence lines; <c>whoelse</c> still answers. Telling everyone costs a line per online user per login, so it is
    /// quadratic in the users online: a deployment with tens of thousands online and no use for the lines turns it off.
    /// </summary>
    [ConfigurationKeyName("announce-presence")]
    public bool AnnouncePresence { get; set; } = true;

    /// <summary>Longest client message, in bytes, before <c>ERR 413</c> and a close.</summary>
    [ConfigurationKeyName("max-line-length")]
    public int MaxLineLength { get; set; } = 4096;

    /// <summary>How long writing one line to a recipient may take before that session is given up on (it stopped reading).</summary>
    [ConfigurationKeyName("write-timeout")]
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The last line of a session logged out for inactivity, on this port and on the messages page.</summary>
    internal string InactivityFarewell => $"<<close>>you have been logged out after {DescribeTimeout()} of inactivity";

    /// <summary>The line options of a connection on this port: the login port's bounds with this port's timeout.</summary>
    internal TcpLoginOptions LineOptions(TcpLoginOptions login) => new()
    {
        MaxLineLength = MaxLineLength,
        IdleTimeout = Timeout,
        UnterminatedPause = login.UnterminatedPause,
        MaxConnectionsPerAddress = login.MaxConnectionsPerAddress,
        PasswordPolicy = login.PasswordPolicy,
    };

    private string DescribeTimeout() => Timeout.TotalSeconds < 120
        ? $"{Timeout.TotalSeconds:0} second{(Timeout.TotalSeconds == 1 ? "" : "s")}"
        : $"{Timeout.TotalMinutes:0} minutes";
}
