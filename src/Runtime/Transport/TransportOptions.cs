using AuthActors.Runtime.Configuration;
using Microsoft.Extensions.Configuration;

namespace AuthActors.Runtime.Transport;

/// <summary>Node-to-node and gateway-to-node connections: where a node listens and the bounds every connection holds (section <c>cluster.transport</c>).</summary>
public sealed class TransportOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "cluster:transport";

    /// <summary>Address a node listens on for peers; loopback by default so nothing is exposed until asked.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Host name or address peers reach this node at, written in its member row; empty: <see cref="Host"/>.</summary>
    [ConfigurationKeyName("advertise-host")]
    public string AdvertiseHost { get; set; } = "";

    /// <summary>What this node advertises: <see cref="AdvertiseHost"/>, or the bind host when that is unset.</summary>
    public string AdvertisedHost => AdvertiseHost.Length > 0 ? AdvertiseHost : Host;

    /// <summary>Port a node listens on for peers; 0 picks a free one (tests).</summary>
    public int Port { get; set; } = 4300;

    /// <summary>Largest frame, in bytes, either way; a bigger one is a protocol error that closes the connection.</summary>
    [ConfigurationKeyName("max-frame-size")]
    public ByteSize MaxFrameSize { get; set; } = new(1024 * 1024);

    /// <summary>How long a request waits for its reply by default.</summary>
    [ConfigurationKeyName("request-timeout")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Frames queued to one peer before senders are refused at once.</summary>
    [ConfigurationKeyName("send-queue-limit")]
    public int SendQueueLimit { get; set; } = 4096;

    /// <summary>Requests handled at once per connection; past it the server stops reading that connection.</summary>
    [ConfigurationKeyName("max-in-flight-per-connection")]
    public int MaxInFlightPerConnection { get; set; } = 256;

    /// <summary>First wait before reconnecting to a peer; doubles per failed attempt.</summary>
    [ConfigurationKeyName("reconnect-min-backoff")]
    public TimeSpan ReconnectMinBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest wait between reconnect attempts.</summary>
    [ConfigurationKeyName("reconnect-max-backoff")]
    public TimeSpan ReconnectMaxBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long connecting and the hello handshake may take, on either side.</summary>
    [ConfigurationKeyName("connect-timeout")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><see cref="MaxFrameSize"/> in bytes, as the codec counts them.</summary>
    internal int MaxFrameBytes => (int)MaxFrameSize.Bytes;

    /// <summary>Throws when a value would make the transport misbehave.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A bound is not positive or the backoffs are inverted.</exception>
    /// <exception cref="ArgumentException">The node would advertise a wildcard address, which no peer can connect to.</exception>
    public void Validate()
    {
        if (AdvertisedHost is "0.0.0.0" or "::" or "[::]")
        {
            throw new ArgumentException(
                $"cluster.transport.host is {Host}, which peers cannot connect to: set cluster.transport.advertise-host to this node's name or address",
                "cluster.transport.advertise-host");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFrameSize.Bytes, 1024, "cluster.transport.max-frame-size");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxFrameSize.Bytes, 1L << 30, "cluster.transport.max-frame-size");
        ArgumentOutOfRangeException.ThrowIfLessThan(SendQueueLimit, 1, "cluster.transport.send-queue-limit");
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInFlightPerConnection, 1, "cluster.transport.max-in-flight-per-connection");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestTimeout, TimeSpan.Zero, "cluster.transport.request-timeout");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConnectTimeout, TimeSpan.Zero, "cluster.transport.connect-timeout");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReconnectMinBackoff, TimeSpan.Zero, "cluster.transport.reconnect-min-backoff");
        ArgumentOutOfRangeException.ThrowIfLessThan(ReconnectMaxBackoff, ReconnectMinBackoff, "cluster.transport.reconnect-max-backoff");
    }
}
