using System.Collections.Concurrent;
using AuthActors.Gateway.Tcp;
using AuthActors.Messages;
using Microsoft.Extensions.Options;

namespace AuthActors.Gateway.Sessions;

/// <summary>
/// The sessions connected to this gateway, to write lines to them: the only place that knows connections. Everything
/// else names a session by its <see cref="SessionHolder"/>, so routing a line to a session on another gateway later is
/// a change here (forward to that gateway), not in the commands.
/// </summary>
internal sealed class ConnectedSessions(GatewayIdentity identity, IOptions<SessionPortOptions> options)
{
    private readonly ConcurrentDictionary<string, ConnectedSession> _byConnection = new(StringComparer.Ordinal);

    /// <summary>Adds a session that just opened.</summary>
    public void Add(ConnectedSession session) => _byConnection[session.ConnectionId] = session;

    /// <summary>Removes a session that closed.</summary>
    public void Remove(ConnectedSession session) => _byConnection.TryRemove(new(session.ConnectionId, session));

    /// <summary>The sessions of <paramref name="userId"/> on this gateway.</summary>
    public IReadOnlyList<ConnectedSession> Of(string userId) => [.. _byConnection.Values.Where(s => s.UserId == userId)];

    /// <summary>Every session on this gateway.</summary>
    public IReadOnlyList<ConnectedSession> All => [.. _byConnection.Values];

    /// <summary>Writes a line to the session <paramref name="holder"/> names; false when it is not here (any more) or stuck.</summary>
    public Task<bool> WriteAsync(SessionHolder holder, string line) =>
        holder.GatewayId == identity.Id && _byConnection.TryGetValue(holder.ConnectionId, out var session)
            ? WriteAsync(session, line)
            : Task.FromResult(false);

    /// <summary>Writes a line to a session here; false when the client is gone or did not take it within the write timeout.</summary>
    public async Task<bool> WriteAsync(ConnectedSession session, string line)
    {
        using var timeout = new CancellationTokenSource(options.Value.WriteTimeout);
        try
        {
            await session.Client.SendAsync(line, timeout.Token);
            return true;
        }
        catch (Exception gone) when (gone is OperationCanceledException or InvalidOperationException or IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// Tells every other session here a presence line, except users that <paramref name="hiddenFrom"/> names. The
    /// writes run side by side, so a client that stopped reading costs one write timeout, not one per client.
    /// </summary>
    public Task AnnounceAsync(string aboutUser, string line, IReadOnlyCollection<string> hiddenFrom) =>
        Task.WhenAll(All.Where(s => s.UserId != aboutUser && !hiddenFrom.Contains(s.UserId)).Select(s => WriteAsync(s, line)));
}

/// <summary>One online session on this gateway: whose, which connection, and where the client is (for peer to peer).</summary>
internal sealed class ConnectedSession(string userId, string connectionId, ClientConnection client, string address)
{
    public string UserId { get; } = userId;

    public string ConnectionId { get; } = connectionId;

    public ClientConnection Client { get; } = client;

    /// <summary>The client's IP address as this gateway sees it; peers connect to it for private chat.</summary>
    public string Address { get; } = address;

    /// <summary>Whom the user blocks (they are not told of the user's presence); replaced on block and unblock.</summary>
    public IReadOnlyList<string> Blocked { get; set; } = [];

    /// <summary>Private chat requests waiting for this user's answer: requester → the requester's endpoint.</summary>
    public ConcurrentDictionary<string, string> PrivateRequests { get; } = new(StringComparer.Ordinal);
}
