namespace AuthActors.Runtime.Cluster;

/// <summary>
/// What a fenced append proves it still has: the lease of <see cref="Shard"/> in <see cref="Region"/>, held by
/// <see cref="Owner"/> at <see cref="Epoch"/>. The journal checks it in the transaction that stores the events.
/// </summary>
public sealed record JournalFence(string Region, int Shard, MemberId Owner, long Epoch)
{
    /// <inheritdoc />
    public override string ToString() => $"{Region}/{Shard} held by {Owner} at epoch {Epoch}";
}
