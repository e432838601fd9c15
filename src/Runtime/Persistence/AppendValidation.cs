namespace AuthActors.Runtime.Persistence;

/// <summary>The shape every append call must have before it may reach the writer.</summary>
internal static class AppendValidation
{
    /// <summary>Throws <see cref="ArgumentException"/> unless the events are one writer's consecutive, well-formed events.</summary>
    public static void Validate(IReadOnlyList<EventEnvelope> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            throw new ArgumentException("an append needs at least one event", nameof(events));
        }

        var first = events[0] ?? throw new ArgumentException("events must not contain null", nameof(events));
        if (string.IsNullOrEmpty(first.PersistenceId))
        {
            throw new ArgumentException("events need a persistence id", nameof(events));
        }

        if (first.SequenceNr < 1)
        {
            throw new ArgumentException($"sequence numbers start at 1, got {first.SequenceNr}", nameof(events));
        }

        for (var i = 0; i < events.Count; i++)
        {
            var current = events[i] ?? throw new ArgumentException("events must not contain null", nameof(events));
            if (!string.Equals(current.PersistenceId, first.PersistenceId, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"one append holds one writer's events, got '{first.PersistenceId}' and '{current.PersistenceId}'",
                    nameof(events));
            }

            if (current.SequenceNr != first.SequenceNr + i)
            {
                throw new ArgumentException(
                    $"sequence numbers must be consecutive: expected {first.SequenceNr + i}, got {current.SequenceNr}",
                    nameof(events));
            }

            if (string.IsNullOrEmpty(current.Manifest))
            {
                throw new ArgumentException($"event {current.SequenceNr} needs a manifest", nameof(events));
            }

            JournalTags.Validate(current.Tags, nameof(events));
        }
    }
}
