namespace AuthActors.Runtime.Persistence;

/// <summary>An append lost the race: the writer's sequence number was already stored by another writer.</summary>
public sealed class JournalConcurrencyException(string persistenceId, long sequenceNr)
    : Exception($"event {sequenceNr} of '{persistenceId}' is already stored: another writer appended first")
{
    /// <summary>The writer whose append was refused.</summary>
    public string PersistenceId { get; } = persistenceId;

    /// <summary>The first sequence number of the refused append.</summary>
    public long SequenceNr { get; } = sequenceNr;
}
