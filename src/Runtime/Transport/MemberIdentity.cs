namespace AuthActors.Runtime.Transport;

/// <summary>
/// Who is at the end of a connection; both sides send theirs in the hello frame. <paramref name="Incarnation"/>
/// tells a restarted member from its previous life under the same id.
/// </summary>
public sealed record MemberIdentity(string ClusterName, string MemberId, long Incarnation);
