namespace AuthActors.Runtime.Persistence;

/// <summary>One journalled event as stored: who wrote it, at which position, what it is and its bytes.</summary>
/// <param name="PersistenceId">The writer's stable id, e.g. <c>user|alice</c>.</param>
/// <param name="SequenceNr">1-based position in that writer's history; unique with the persistence id.</param>
/// <param name="Manifest">Event type and version, e.g. <c>user.registered.v1</c>; old versions are upcast on read.</param>
/// <param name="Payload">The event as UTF-8 JSON.</param>
/// <param name="Timestamp">When the event was decided (from the entity's clock).</param>
/// <param name="Tags">Tags for projections, may be empty.</param>
/// <param name="Ordering">Global position in the journal, assigned on append; 0 before it is stored.</param>
public sealed record EventEnvelope(
    string PersistenceId,
    long SequenceNr,
    string Manifest,
    ReadOnlyMemory<byte> Payload,
    DateTimeOffset Timestamp,
    IReadOnlyList<string> Tags,
    long Ordering = 0);
