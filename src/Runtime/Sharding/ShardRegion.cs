using System.Collections.Concurrent;
using AuthActors.Runtime.Entities;
using Microsoft.Extensions.Logging;

namespace AuthActors.Runtime.Sharding;

/// <summary>
/// Routes a message for an entity id to its entity, creating it on demand, by way of the entity's shard. Callers
/// see only <see cref="AskAsync"/>, so the cluster can later put shards on other nodes without changing them.
/// </summary>
public sealed class ShardRegion : IEntityRouter, IAsyncDisposable
{
    private readonly ConcurrentDictionary<int, Shard> _shards = new();
    private readonly ConcurrentDictionary<int, Task> _handingOff = new();
    private readonly EntityFactory _factory;
    private readonly EntityOptions _options;
    private readonly ILogger _logger;
    private readonly Func<int, bool> _servesShard;
    private volatile bool _stopped;

    /// <summary>
    /// A region for one entity type. With <paramref name="servesShard"/>, messages for shards it refuses are refused
    /// with <see cref="ShardUnavailableException"/> (in a cluster: the shards whose lease this node does not hold).
    /// </summary>
    public ShardRegion(
        string typeName, int shardCount, EntityFactory factory, EntityOptions options, ILogger logger, Func<int, bool>? servesShard = null)
    {
        _servesShard = servesShard ?? (_ => true);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shardCount);
        TypeName = typeName;
        ShardCount = shardCount;
        _factory = factory;
        _options = options;
        _logger = logger;
    }

    /// <summary>The entity type this region serves, e.g. <c>user</c>.</summary>
    public string TypeName { get; }

    /// <summary>The fixed number of shards the ids are spread over.</summary>
    public int ShardCount { get; }

    /// <summary>Entities in memory over all shards.</summary>
    public int ActiveEntities => _shards.Values.Sum(s => s.ActiveEntities);

    /// <summary>
    /// Sends <paramref name="message"/> to the entity and waits for its reply, at most <paramref name="timeout"/>
    /// (the configured ask timeout when null).
    /// </summary>
    /// <exception cref="EntityUnavailableException">The mailbox is full or the region is stopping.</exception>
    /// <exception cref="EntityFailedException">The entity failed on this message and was restarted.</exception>
    /// <exception cref="TimeoutException">No reply in time.</exception>
    public async Task<object> AskAsync(string entityId, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        if (_stopped)
        {
            throw new EntityUnavailableException(entityId, "the region is stopping");
        }

        var shardId = ShardId.Of(entityId, ShardCount);
        if (_handingOff.ContainsKey(shardId) || !_servesShard(shardId))
        {
            throw new ShardUnavailableException(shardId, _handingOff.ContainsKey(shardId) ? "it is being handed off" : "it is not owned here");
        }

        var shard = _shards.GetOrAdd(shardId, id => new Shard(id, _factory, _options, _logger));
        if (_handingOff.ContainsKey(shardId))
        {
            // A hand-off began between the check and here; the shard it stops may be this one.
            throw new ShardUnavailableException(shardId, "it is being handed off");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? _options.AskTimeout);
        var envelope = new Envelope(message, deadline.Token);

        // The reply gives up at the deadline even when the entity never gets to the message (one registration,
        // where WaitAsync added a second task per ask).
        using var giveUp = deadline.Token.UnsafeRegister(static state => ((Envelope)state!).Cancel(), envelope);
        shard.Deliver(entityId, envelope);
        try
        {
            return await envelope.Reply;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"entity '{entityId}' did not reply within {timeout ?? _options.AskTimeout}");
        }
    }

    /// <summary>Whether the entity is in memory in this region (for tests and diagnostics: where did it run).</summary>
    public bool HasEntity(string entityId) =>
        _shards.TryGetValue(ShardId.Of(entityId, ShardCount), out var shard) && shard.Has(entityId);

    /// <summary>The shards with entities in memory.</summary>
    public IReadOnlyCollection<int> LiveShards => [.. _shards.Keys];

    /// <summary>
    /// Hands a shard off: from now on its messages are refused with <see cref="ShardUnavailableException"/>, the
    /// messages already in its mailboxes are processed, and its entities stop. When this completes nothing of the
    /// shard runs here, so its lease may be released for another node to take.
    /// </summary>
    public async Task HandOffAsync(int shardId)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_handingOff.TryAdd(shardId, done.Task))
        {
            await _handingOff[shardId];
            return;
        }

        try
        {
            if (_shards.TryRemove(shardId, out var shard))
            {
                await shard.StopAsync();
            }
        }
        finally
        {
            _handingOff.TryRemove(shardId, out _);
            done.SetResult();
        }
    }

    /// <inheritdoc />
    Task<object> IEntityRouter.AskAsync(string entityId, object message, CancellationToken cancellationToken) =>
        AskAsync(entityId, message, null, cancellationToken);

    /// <summary>Stops taking messages and lets every entity finish what is queued.</summary>
    public async ValueTask DisposeAsync()
    {
        _stopped = true;
        await Task.WhenAll(_shards.Values.Select(s => s.StopAsync()));
    }
}
