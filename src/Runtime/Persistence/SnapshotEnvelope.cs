namespace AuthActors.Runtime.Persistence;

/// <summary>A saved state of one writer as of <paramref name="SequenceNr"/>; recovery replays the events after it.</summary>
public sealed record SnapshotEnvelope(
    string PersistenceId,
    long SequenceNr,
    string Manifest,
    ReadOnlyMemory<byte> Payload,
    DateTimeOffset Timestamp);
