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
    private readonly EntityFactory _factory;
    private readonly EntityOptions _options;
    private readonly ILogger _logger;
    private volatile bool _stopped;

    /// <summary>A region for one entity type.</summary>
    public ShardRegion(string typeName, int shardCount, EntityFactory factory, EntityOptions options, ILogger logger)
    {
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
        var shard = _shards.GetOrAdd(shardId, id => new Shard(id, _factory, _options, _logger));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? _options.AskTimeout);
        var envelope = new Envelope(message, deadline.Token);
        shard.Deliver(entityId, envelope);
        try
        {
            return await envelope.Reply.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"entity '{entityId}' did not reply within {timeout ?? _options.AskTimeout}");
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
