using System.Globalization;

namespace AuthActors.Runtime.Transport;

/// <summary>Where a peer's transport listens: host name or address, and port.</summary>
public readonly record struct PeerAddress(string Host, int Port)
{
    /// <summary>Reads <c>host:port</c> (<c>[v6]:port</c> for an IPv6 address).</summary>
    /// <exception cref="FormatException">The text is not <c>host:port</c>.</exception>
    public static PeerAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new FormatException($"'{text}' is not host:port");
        }

        return new PeerAddress(text[..colon].Trim('[', ']'), port);
    }

    /// <summary><c>host:port</c>.</summary>
    public override string ToString() =>
        Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
