using AuthActors.Runtime.Cluster;
using AuthActors.Runtime.Persistence;
using Microsoft.Extensions.Logging;

namespace AuthActors.Runtime.Entities;

/// <summary>What an event-sourced entity needs from its host: storage, the serializer, the clock, snapshot policy.</summary>
/// <param name="Fence">
/// The lease the entity's appends must still hold, asked at each persist; null (the default) or returning null appends
/// unfenced. The sharding layer gives each entity one for its shard (<c>context with { Fence = ... }</c> in the
/// entity factory), so an entity whose shard moved away can no longer append.
/// </param>
public sealed record PersistenceContext(
    IJournal Journal,
    ISnapshotStore Snapshots,
    IPersistenceSerializer Serializer,
    TimeProvider Clock,
    int SnapshotEvery,
    ILogger Logger,
    Func<JournalFence?>? Fence = null);
