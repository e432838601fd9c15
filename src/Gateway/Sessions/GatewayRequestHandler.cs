using AuthActors.Messages;

namespace AuthActors.Gateway.Sessions;

/// <summary>
/// What a gateway in a cluster does with a request from a peer: write to the online sessions it holds. Users live on
/// nodes; the only thing another process asks a gateway is to reach a client connected here.
/// </summary>
internal sealed class GatewayRequestHandler(ConnectedSessions sessions)
{
    /// <summary>The reply to one request.</summary>
    public async Task<object> HandleAsync(object message, CancellationToken cancellationToken) => message switch
    {
        WriteToSession write => new SessionWritten(await sessions.WriteHereAsync(write.ConnectionId, write.Line, write.Request)),
        AnnouncePresence announce => new PresenceAnnounced(await sessions.AnnounceHereAsync(announce.AboutUser, announce.Line, announce.HiddenFrom)),
        _ => throw new InvalidOperationException($"a gateway does not take {message.GetType().Name}"),
    };
}
