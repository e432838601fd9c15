using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthActors.Runtime.Transport;

/// <summary>
/// The connections of this process to its peers: one <see cref="PeerConnection"/> per address, made on first use
/// and disposed together.
/// </summary>
public sealed class PeerConnections(
    MemberIdentity local,
    WireSerializer serializer,
    IOptions<TransportOptions> options,
    TimeProvider time,
    ILoggerFactory loggers,
    TransportSecurity? security = null) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<PeerAddress, Lazy<PeerConnection>> _connections = new();
    private readonly ILogger _logger = loggers.CreateLogger<PeerConnection>();
    private volatile bool _disposed;

    /// <summary>The connection to <paramref name="address"/>, made (and started connecting) on first use.</summary>
    /// <exception cref="ObjectDisposedException">The connections were disposed.</exception>
    public PeerConnection Get(PeerAddress address)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _connections.GetOrAdd(address, key => new Lazy<PeerConnection>(
            () => new PeerConnection(key, local, serializer, options.Value, time, _logger, security: security))).Value;
    }

    /// <summary>Sends a request to the peer at <paramref name="address"/>; see <see cref="PeerConnection.RequestAsync"/>.</summary>
    public Task<object> RequestAsync(PeerAddress address, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Get(address).RequestAsync(message, timeout, cancellationToken);

    /// <summary>Closes the connection to a peer that left the cluster, so it stops reconnecting.</summary>
    public async Task RemoveAsync(PeerAddress address)
    {
        if (_connections.TryRemove(address, out var connection) && connection.IsValueCreated)
        {
            await connection.Value.DisposeAsync();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        foreach (var address in _connections.Keys)
        {
            await RemoveAsync(address);
        }
    }
}
