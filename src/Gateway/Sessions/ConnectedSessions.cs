using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using AuthActors.Gateway.Hosting;
using AuthActors.Gateway.Tcp;
using AuthActors.Messages;
using AuthActors.Runtime.Transport;
using Microsoft.Extensions.Options;

namespace AuthActors.Gateway.Sessions;

/// <summary>
/// The sessions connected to this gateway, to write lines to them: the only place that knows connections. Everything
/// else names a session by its <see cref="SessionHolder"/>; a line for a session held by another gateway of the
/// cluster is forwarded to that gateway over the transport (<see cref="WriteToSession"/>), and presence lines go to
/// every live gateway (<see cref="AnnouncePresence"/>). It also watches every connection of the session port for
/// inactivity: one sweep for all of them instead of a timer per connection.
/// </summary>
internal sealed class ConnectedSessions : IDisposable
{
    private readonly ConcurrentDictionary<string, ConnectedSession> _byConnection = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ISessionOutlet, byte> _watched = new(ReferenceEqualityComparer.Instance);
    private readonly GatewayIdentity _identity;
    private readonly IOptions<SessionPortOptions> _options;
    private readonly ILogger<ConnectedSessions> _logger;
    private readonly PeerConnections? _peers;
    private readonly ITimer _inactivitySweep;

    public ConnectedSessions(
        GatewayIdentity identity, IOptions<SessionPortOptions> options, TimeProvider clock, ILogger<ConnectedSessions> logger, PeerConnections? peers = null)
    {
        _identity = identity;
        _options = options;
        _logger = logger;
        _peers = peers;
        Clock = clock;

        // A quarter of the timeout, at most a second: a session is logged out between timeout and timeout + 25 %.
        var every = TimeSpan.FromTicks(Math.Clamp(options.Value.Timeout.Ticks / 4, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
        _inactivitySweep = clock.CreateTimer(_ => SweepInactive(), null, every, every);
    }

    /// <summary>The clock the inactivity of the connections is measured with.</summary>
    public TimeProvider Clock { get; }

    /// <summary>Watches a connection of the session port or an event stream for inactivity until <see cref="Unwatch"/>.</summary>
    public void Watch(ISessionOutlet outlet) => _watched.TryAdd(outlet, 0);

    /// <summary>Stops watching a connection or stream that ended.</summary>
    public void Unwatch(ISessionOutlet outlet) => _watched.TryRemove(outlet, out _);

    /// <summary>Adds a session that just opened.</summary>
    public void Add(ConnectedSession session)
    {
        _byConnection[session.ConnectionId] = session;
        SessionMetrics.Opened();
    }

    /// <summary>Removes a session that closed.</summary>
    public void Remove(ConnectedSession session)
    {
        if (_byConnection.TryRemove(new(session.ConnectionId, session)))
        {
            SessionMetrics.Closed();
        }
    }

    /// <summary>The sessions of <paramref name="userId"/> on this gateway.</summary>
    public IReadOnlyList<ConnectedSession> Of(string userId) => [.. _byConnection.Values.Where(s => s.UserId == userId)];

    /// <summary>Every session on this gateway.</summary>
    public IReadOnlyList<ConnectedSession> All => [.. _byConnection.Values];

    /// <summary>
    /// Writes a line to the session <paramref name="holder"/> names, here or on another gateway; with a
    /// <paramref name="request"/>, remembers that private chat request on it first. False when the session is not
    /// there (any more), its gateway is not live, or the client did not take the line in time.
    /// </summary>
    public async Task<bool> WriteAsync(SessionHolder holder, string line, PrivateChatRequest? request = null)
    {
        if (holder.GatewayId == _identity.Id)
        {
            return await WriteHereAsync(holder.ConnectionId, line, request);
        }

        return await ForwardAsync(holder.GatewayId, new WriteToSession(holder.ConnectionId, line, request)) is SessionWritten { Written: true };
    }

    /// <summary>Writes a line to the session on this gateway with <paramref name="connectionId"/>; see <see cref="WriteAsync(SessionHolder, string, PrivateChatRequest?)"/>.</summary>
    public Task<bool> WriteHereAsync(string connectionId, string line, PrivateChatRequest? request = null)
    {
        if (!_byConnection.TryGetValue(connectionId, out var session))
        {
            return Task.FromResult(false);
        }

        if (request is not null)
        {
            session.PrivateRequests[request.From] = request.Endpoint;
        }

        return WriteAsync(session, line);
    }

    /// <summary>Writes a line to a session here; false when the client is gone or did not take it within the write timeout.</summary>
    public async Task<bool> WriteAsync(ConnectedSession session, string line)
    {
        try
        {
            return await session.Outlet.TrySendAsync(line).WaitAsync(_options.Value.WriteTimeout);
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// Tells every other online session a presence line, here and on every other live gateway, except users that
    /// <paramref name="hiddenFrom"/> names. Everything runs side by side, so a client that stopped reading or a
    /// gateway that is slow costs one write timeout, not one per session. Nothing when presence is off
    /// (<see cref="SessionPortOptions.AnnouncePresence"/>).
    /// </summary>
    public async Task AnnounceAsync(string aboutUser, string line, IReadOnlyList<string> hiddenFrom)
    {
        if (!_options.Value.AnnouncePresence)
        {
            return;
        }

        var elsewhere = _identity.Others.Select(other => ForwardAsync(other.Id, new AnnouncePresence(aboutUser, line, hiddenFrom)));
        await Task.WhenAll([AnnounceHereAsync(aboutUser, line, hiddenFrom), .. elsewhere]);
    }

    /// <summary>
    /// Tells the sessions on this gateway a presence line; how many took it. The line is encoded once and queued on
    /// each connection without waiting: a connection's writer sends whatever queued up in one flush. A session whose
    /// client left <see cref="LineOutbox.Capacity"/> lines unread does not get it (see the architecture notes), nor does
    /// a session still being welcomed: its first lines are <c>welcome</c> and its offline inbox, always. None
    /// when this gateway's presence is off, whoever asks (another gateway, or a node announcing a gone gateway's logouts).
    /// </summary>
    public Task<int> AnnounceHereAsync(string aboutUser, string line, IReadOnlyCollection<string> hiddenFrom)
    {
        if (!_options.Value.AnnouncePresence)
        {
            return Task.FromResult(0);
        }

        var encoded = LineOutbox.Encode(line);
        var told = 0;
        foreach (var (_, session) in _byConnection)
        {
            if (session.Welcomed && session.UserId != aboutUser && !hiddenFrom.Contains(session.UserId) && session.Outlet.Post(encoded))
            {
                told++;
            }
        }

        return Task.FromResult(told);
    }

    /// <inheritdoc />
    public void Dispose() => _inactivitySweep.Dispose();

    private void SweepInactive()
    {
        foreach (var (outlet, _) in _watched)
        {
            outlet.ExpireIfIdle();
        }
    }

    // To another gateway of the cluster; null when it is not live, unreachable or did not answer within the write
    // timeout (and a little more for the trip), so a sender never waits on a dead gateway longer than on a slow client.
    private async Task<object?> ForwardAsync(string gatewayId, IGatewayMessage message)
    {
        if (_peers is null || _identity.AddressOf(gatewayId) is not { } address)
        {
            return null;
        }

        try
        {
            return await _peers.RequestAsync(address, message, _options.Value.WriteTimeout + TimeSpan.FromSeconds(1));
        }
        catch (Exception unreachable) when (unreachable is PeerUnavailableException or SendQueueFullException or RemoteFailureException or TimeoutException or ObjectDisposedException)
        {
            _logger.LogDebug("A session line for gateway {Gateway} was not delivered: {Reason}", gatewayId, unreachable.Message);
            return null;
        }
    }
}

/// <summary>One online session on this gateway: whose, which connection or stream, and where the client is (for peer to peer).</summary>
internal sealed class ConnectedSession(string userId, string connectionId, ISessionOutlet outlet, string address)
{
    public string UserId { get; } = userId;

    public string ConnectionId { get; } = connectionId;

    /// <summary>Where the session's lines go: a session-port connection or a browser's event stream.</summary>
    public ISessionOutlet Outlet { get; } = outlet;

    /// <summary>The client's IP address as this gateway sees it; peers connect to it for private chat.</summary>
    public string Address { get; } = address;

    /// <summary>
    /// True once <c>welcome</c> and the offline inbox are written: presence lines go only to welcomed sessions, so that
    /// another user's login or logout never comes before them (the session is registered before its welcome, so that
    /// no message to it is lost meanwhile).
    /// </summary>
    public bool Welcomed
    {
        get => Volatile.Read(ref _welcomed);
        set => Volatile.Write(ref _welcomed, value);
    }

    /// <summary>Whom the user blocks (they are not told of the user's presence); replaced on block and unblock.</summary>
    public IReadOnlyList<string> Blocked { get; set; } = [];

    /// <summary>
    /// Private chat requests waiting for this user's answer: requester → the requester's endpoint. Made on the first
    /// request: most sessions never get one, and an empty concurrent dictionary costs half a KiB.
    /// </summary>
    public ConcurrentDictionary<string, string> PrivateRequests =>
        LazyInitializer.EnsureInitialized(ref _privateRequests, () => new(StringComparer.Ordinal));

    /// <summary>True when a private chat request from <paramref name="requester"/> waited and is now taken.</summary>
    public bool TryTakePrivateRequest(string requester, [NotNullWhen(true)] out string? endpoint)
    {
        endpoint = null;
        return Volatile.Read(ref _privateRequests) is { } requests && requests.TryRemove(requester, out endpoint);
    }

    private ConcurrentDictionary<string, string>? _privateRequests;
    private bool _welcomed;
}
