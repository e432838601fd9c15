using System.Diagnostics.Metrics;
using AuthActors.Runtime.Diagnostics;
using Microsoft.Extensions.Logging;

namespace AuthActors.Runtime.Entities;

/// <summary>The entities' instruments and the log scope a message is handled in.</summary>
internal sealed partial class EntityCell
{
    private static readonly UpDownCounter<long> MailboxDepth = AuthActorsMeter.Meter.CreateUpDownCounter<long>(
        "authactors.entity.mailbox.depth", unit: "{message}", description: "Messages waiting in the mailboxes of all live entities of this process.");

    // The sender's request scope when it was sent in this process; else (a request from the transport) the entity id.
    private IDisposable? BeginScope(Envelope envelope) =>
        envelope.LogScope is { } request ? _logger.BeginScope(request) : _logger.BeginScope("Entity {EntityId}", EntityId);

    // The message's type only, never its content: commands carry passwords and tokens.
    private void LogHandled(Envelope envelope)
    {
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            _logger.LogDebug("Entity {EntityId} handled {MessageType}", EntityId, _entity.MessageTypeOf(envelope.Message));
        }
    }
}
