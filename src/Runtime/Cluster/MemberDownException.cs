namespace AuthActors.Runtime.Cluster;

/// <summary>
/// A heartbeat or status change for a member the table says is down, removed or gone: that incarnation is over for
/// good, and the node must stop its shards and join again as a new incarnation.
/// </summary>
public sealed class MemberDownException(MemberId member, MemberStatus? status)
    : Exception(status is { } s ? $"member {member} is {s.ToString().ToLowerInvariant()}: join again as a new incarnation"
                                : $"member {member} is no longer in the members table: join again as a new incarnation")
{
    /// <summary>The incarnation that is over.</summary>
    public MemberId Member { get; } = member;

    /// <summary>Its status in the table, or null when the row was cleaned up.</summary>
    public MemberStatus? Status { get; } = status;
}
