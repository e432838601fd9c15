using AuthActors.Node.Users;
using AuthActors.Runtime.Persistence;

namespace AuthActors.Bench.Recovery;

/// <summary>
/// Writes one user's long history straight through the journal (a registration, then logins that succeed and now
/// and then fail), which is much faster than living it through the entity and its hashing.
/// </summary>
internal static class UserHistory
{
    private const int EventsPerAppend = 500;

    /// <summary>Appends <paramref name="events"/> events and returns the state after <paramref name="snapshotAt"/> of them.</summary>
    public static async Task<UserState> WriteAsync(
        IJournal journal, IPersistenceSerializer serializer, string userId, string passwordHash, int events, int snapshotAt)
    {
        var persistenceId = UserEntity.PersistenceIdOf(userId);
        var start = DateTimeOffset.UtcNow.AddDays(-1);
        var state = UserState.Empty;
        var snapshotState = state;
        var pending = new List<EventEnvelope>(EventsPerAppend);
        for (var sequenceNr = 1; sequenceNr <= events; sequenceNr++)
        {
            var at = start.AddSeconds(sequenceNr);
            UserEvent domainEvent = sequenceNr switch
            {
                1 => new UserEvent.Registered(userId, passwordHash, at),
                _ when sequenceNr % 10 == 0 => new UserEvent.LoginFailed(at, "127.0.0.1"),
                _ => new UserEvent.LoginSucceeded(at, "127.0.0.1"),
            };
            state = state.Apply(domainEvent);
            snapshotState = sequenceNr == snapshotAt ? state : snapshotState;
            var (manifest, payload) = serializer.Serialize(domainEvent);
            pending.Add(new EventEnvelope(persistenceId, sequenceNr, manifest, payload, at, []));
            if (pending.Count == EventsPerAppend || sequenceNr == events)
            {
                await journal.AppendAsync([.. pending], CancellationToken.None);
                pending.Clear();
            }
        }

        return snapshotState;
    }
}
