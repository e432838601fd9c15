namespace AuthActors.Runtime.Cluster;

/// <summary>Where a member is in its life. <see cref="Down"/> is also what a reader sees for a stale heartbeat.</summary>
public enum MemberStatus
{
    /// <summary>Registered, not yet taking shards.</summary>
    Joining,

    /// <summary>Live: may own shards when it has the role.</summary>
    Up,

    /// <summary>Handing its shards off before it stops.</summary>
    Leaving,

    /// <summary>Its heartbeat is older than the down-after time (or it was found so by its own heartbeat): gone for good.</summary>
    Down,

    /// <summary>Left cleanly.</summary>
    Removed,
}
