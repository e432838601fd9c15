namespace AuthActors.Runtime.Cluster;

/// <summary>One member row as read at <see cref="MembershipSnapshot.ReadAt"/>, with its status as of then.</summary>
/// <param name="Id">Node name and incarnation.</param>
/// <param name="Address">Where peers reach it, <c>host:port</c>.</param>
/// <param name="Roles">What it does, e.g. <c>node</c> (hosts shards) or <c>gateway</c> (proxy only).</param>
/// <param name="Status">The stored status, or <see cref="MemberStatus.Down"/> when the heartbeat is too old.</param>
/// <param name="StartedAt">When it joined, by the database's clock.</param>
/// <param name="HeartbeatAt">Its last heartbeat, by the database's clock.</param>
public sealed record Member(
    MemberId Id,
    string Address,
    IReadOnlyList<string> Roles,
    MemberStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset HeartbeatAt)
{
    /// <summary>Up and holding <paramref name="role"/>: may own shards of a region run by that role.</summary>
    public bool IsUpWithRole(string role) =>
        Status == MemberStatus.Up && Roles.Contains(role, StringComparer.Ordinal);
}
