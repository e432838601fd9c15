using AuthActors.Runtime.Entities;
using Microsoft.Extensions.Logging;

namespace AuthActors.Runtime.Sharding;

/// <summary>
/// The live entities of one shard. Creation, delivery and passivation happen under one lock per shard, so a
/// message is never posted to a mailbox that passivation has just closed.
/// </summary>
internal sealed class Shard(int shardId, EntityFactory factory, EntityOptions options, ILogger logger)
{
    private readonly Dictionary<string, EntityCell> _cells = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private bool _stopping;

    public int Id { get; } = shardId;

    /// <summary>Entities currently in memory.</summary>
    public int ActiveEntities
    {
        get
        {
            lock (_lock)
            {
                return _cells.Count;
            }
        }
    }

    /// <summary>Whether the entity is in memory in this shard.</summary>
    public bool Has(string entityId)
    {
        lock (_lock)
        {
            return _cells.ContainsKey(entityId);
        }
    }

    /// <summary>Posts to the entity, starting it when it is not live.</summary>
    /// <exception cref="EntityUnavailableException">The mailbox is full.</exception>
    /// <exception cref="ShardUnavailableException">The shard is stopping (handed off or the region is stopping).</exception>
    public void Deliver(string entityId, Envelope envelope)
    {
        lock (_lock)
        {
            if (_stopping)
            {
                throw new ShardUnavailableException(Id, "it is stopping");
            }

            if (!_cells.TryGetValue(entityId, out var cell))
            {
                cell = new EntityCell(entityId, factory, options, TryPassivate, logger);
                _cells.Add(entityId, cell);
            }

            if (!cell.TryPost(envelope))
            {
                throw new EntityUnavailableException(entityId, "its mailbox is full");
            }
        }
    }

    /// <summary>Stops taking messages, lets every mailbox drain, and waits for the entities to stop.</summary>
    public Task StopAsync()
    {
        EntityCell[] cells;
        lock (_lock)
        {
            _stopping = true;
            cells = [.. _cells.Values];
            _cells.Clear();
        }

        foreach (var cell in cells)
        {
            cell.Close();
        }

        return Task.WhenAll(cells.Select(c => c.Completion));
    }

    // Called by an idle cell. Only an empty mailbox may close; a message that raced in keeps the cell alive.
    private bool TryPassivate(EntityCell cell)
    {
        lock (_lock)
        {
            if (cell.QueuedCount > 0)
            {
                return false;
            }

            cell.Close();
            if (_cells.TryGetValue(cell.EntityId, out var current) && ReferenceEquals(current, cell))
            {
                _cells.Remove(cell.EntityId);
            }

            return true;
        }
    }
}
