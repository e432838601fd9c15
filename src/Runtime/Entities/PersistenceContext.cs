using AuthActors.Runtime.Persistence;
using Microsoft.Extensions.Logging;

namespace AuthActors.Runtime.Entities;

/// <summary>What an event-sourced entity needs from its host: storage, the serializer, the clock, snapshot policy.</summary>
public sealed record PersistenceContext(
    IJournal Journal,
    ISnapshotStore Snapshots,
    IPersistenceSerializer Serializer,
    TimeProvider Clock,
    int SnapshotEvery,
    ILogger Logger);
