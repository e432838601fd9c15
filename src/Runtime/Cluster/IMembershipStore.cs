namespace AuthActors.Runtime.Cluster;

/// <summary>
/// The members table every process shares (the SQLite file on one machine, PostgreSQL across machines). Every time
/// in it is the database's clock, never a node's: nodes' clocks differ, and "down" must mean the same to everyone.
/// Each call is one statement, atomic on its own.
/// </summary>
public interface IMembershipStore
{
    /// <summary>
    /// Registers a new incarnation of <paramref name="node"/> with status <see cref="MemberStatus.Joining"/> and a
    /// heartbeat of now. The incarnation comes from the database and is greater than every earlier one.
    /// </summary>
    Task<Member> JoinAsync(string node, string address, IReadOnlyList<string> roles, CancellationToken cancellationToken);

    /// <summary>
    /// Sets the member's heartbeat to the database's now and returns it. When its previous heartbeat is already older
    /// than <paramref name="downAfter"/>, everyone may have seen it down, so it is marked down instead (never revived).
    /// </summary>
    /// <exception cref="MemberDownException">The incarnation is down, removed or gone: stop and join again.</exception>
    Task<DateTimeOffset> HeartbeatAsync(MemberId member, TimeSpan downAfter, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a live member to <paramref name="status"/>: <see cref="MemberStatus.Up"/> once it can take shards,
    /// <see cref="MemberStatus.Leaving"/> and then <see cref="MemberStatus.Removed"/> as it leaves, or
    /// <see cref="MemberStatus.Down"/> for another member known dead. A down or removed member never changes again.
    /// </summary>
    /// <exception cref="MemberDownException">Asked for Up or Leaving of a member that is down, removed or gone.</exception>
    Task SetStatusAsync(MemberId member, MemberStatus status, CancellationToken cancellationToken);

    /// <summary>Every member, as <see cref="MemberStatus.Down"/> when its heartbeat is older than <paramref name="downAfter"/>.</summary>
    Task<MembershipSnapshot> ReadAsync(TimeSpan downAfter, CancellationToken cancellationToken);

    /// <summary>Deletes the rows whose heartbeat is older than <paramref name="olderThan"/>, whatever their status; returns how many.</summary>
    Task<int> RemoveStaleAsync(TimeSpan olderThan, CancellationToken cancellationToken);
}
