using AuthActors.Runtime.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace AuthActors.Runtime.Entities;

/// <summary>
/// The shell around one live entity: its mailbox and the loop that takes one message at a time. It recovers the
/// entity before the first message, restarts it after a failure (the failed request gets an error, the next one
/// sees state recovered from the journal), and asks its shard to passivate it when idle.
/// </summary>
internal sealed partial class EntityCell
{
    private readonly Channel<Envelope> _mailbox;
    private readonly EntityFactory _factory;
    private readonly Func<EntityCell, bool> _tryPassivate;
    private readonly TimeSpan _passivateAfter;
    private readonly ILogger _logger;
    private IEntity _entity;
    private bool _recovered;

    public EntityCell(string entityId, EntityFactory factory, EntityOptions options, Func<EntityCell, bool> tryPassivate, ILogger logger)
    {
        EntityId = entityId;
        _factory = factory;
        _tryPassivate = tryPassivate;
        _passivateAfter = options.PassivateAfter;
        _logger = logger;
        _mailbox = Channel.CreateBounded<Envelope>(new BoundedChannelOptions(options.MailboxCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _entity = factory(entityId);

        // The loop must not inherit the log scope of the request that happened to start the entity: each message
        // brings its own.
        using (ExecutionContext.SuppressFlow())
        {
            Completion = Task.Run(RunAsync);
        }
    }

    public string EntityId { get; }

    /// <summary>Completes when the cell has stopped (passivated or the region stopped).</summary>
    public Task Completion { get; }

    /// <summary>Messages waiting; read under the shard's lock to decide passivation.</summary>
    public int QueuedCount => _mailbox.Reader.Count;

    /// <summary>Queues a message; false when the mailbox is full or closed.</summary>
    public bool TryPost(Envelope envelope)
    {
        if (!_mailbox.Writer.TryWrite(envelope))
        {
            return false;
        }

        MailboxDepth.Add(1);
        return true;
    }

    /// <summary>Takes no more messages; the loop finishes those already queued, then ends.</summary>
    public void Close() => _mailbox.Writer.TryComplete();

    private async Task RunAsync()
    {
        AuthActorsMeter.EntityStarted();
        var idle = new CancellationTokenSource();
        try
        {
            while (await NextMessageOrPassivateAsync())
            {
                idle.CancelAfter(Timeout.InfiniteTimeSpan);
                while (_mailbox.Reader.TryRead(out var envelope))
                {
                    MailboxDepth.Add(-1);
                    await ProcessAsync(envelope);
                }
            }
        }
        finally
        {
            idle.Dispose();
            await StopEntityAsync();
            AuthActorsMeter.EntityStopped();
        }

        // True when a message is waiting; false when the cell should stop (closed, or passivated while idle).
        async Task<bool> NextMessageOrPassivateAsync()
        {
            while (true)
            {
                try
                {
                    idle.CancelAfter(_passivateAfter);
                    return await _mailbox.Reader.WaitToReadAsync(idle.Token);
                }
                catch (OperationCanceledException)
                {
                    // A cancelled source cannot be reset: the next idle period gets a new one.
                    idle.Dispose();
                    idle = new CancellationTokenSource();
                    if (_tryPassivate(this))
                    {
                        DrainClosedMailbox();
                        return false;
                    }
                }
            }
        }
    }

    private async Task ProcessAsync(Envelope envelope)
    {
        if (envelope.CancellationToken.IsCancellationRequested)
        {
            envelope.Cancel();
            return;
        }

        using var scope = BeginScope(envelope);
        try
        {
            if (!_recovered)
            {
                await _entity.RecoverAsync(envelope.CancellationToken);
                _recovered = true;
            }

            envelope.Complete(await _entity.HandleAsync(envelope.Message, envelope.CancellationToken));
            LogHandled(envelope);
        }
        catch (OperationCanceledException) when (envelope.CancellationToken.IsCancellationRequested)
        {
            // The sender gave up. Whatever the entity did is either durable or not applied; restart to be sure
            // the in-memory state matches the journal.
            envelope.Cancel();
            Restart();
        }
        catch (Exception error)
        {
            LogEntityFailed(error);
            envelope.Fail(new EntityFailedException(EntityId, error));
            Restart();
        }
    }

    private async Task StopEntityAsync()
    {
        try
        {
            await _entity.StopAsync();
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // Only background work such as a snapshot, which loses nothing when it fails.
            LogEntityFailed(error);
        }
    }

    private void Restart()
    {
        _entity = _factory(EntityId);
        _recovered = false;
    }

    // Passivation closed the mailbox under the shard's lock with nothing queued; anything left is a bug, but a
    // sender must never wait forever, so it is answered.
    private void DrainClosedMailbox()
    {
        while (_mailbox.Reader.TryRead(out var envelope))
        {
            MailboxDepth.Add(-1);
            envelope.Fail(new EntityUnavailableException(EntityId, "passivated"));
        }
    }

    private void LogEntityFailed(Exception error) =>
        _logger.LogError(error, "Entity {EntityId} failed; restarting it from its journal", EntityId);
}
