namespace AuthActors.Runtime.Cluster;

/// <summary>Every member row at one instant of the database's clock; immutable, handed to readers as is.</summary>
/// <param name="ReadAt">The database's time of the read: the only clock staleness was judged by.</param>
/// <param name="Members">Oldest incarnation first.</param>
public sealed record MembershipSnapshot(DateTimeOffset ReadAt, IReadOnlyList<Member> Members)
{
    /// <summary>The members that are up with <paramref name="role"/>: the candidates for rendezvous hashing.</summary>
    public IReadOnlyList<Member> UpWithRole(string role) => [.. Members.Where(m => m.IsUpWithRole(role))];
}
