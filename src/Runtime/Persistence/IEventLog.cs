namespace AuthActors.Runtime.Persistence;

/// <summary>
/// The journal read as one log in commit order, for projections (read models) that tail it by
/// <see cref="EventEnvelope.Ordering"/>. Entities never read it: each reads only its own events.
/// </summary>
public interface IEventLog
{
    /// <summary>Up to <paramref name="limit"/> events with an ordering above <paramref name="afterOrdering"/>, in order.</summary>
    IAsyncEnumerable<EventEnvelope> ReadAllAsync(long afterOrdering, int limit, CancellationToken cancellationToken);
}
