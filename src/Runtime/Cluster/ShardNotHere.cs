namespace AuthActors.Runtime.Cluster;

/// <summary>
/// A node's answer to a request for a shard it does not serve (never held, handed off, lease lost). The request was
/// not processed, so the sender may safely deliver it to the shard's current owner.
/// </summary>
public sealed record ShardNotHere(int Shard);
