using AuthActors.Runtime.Entities;
using AuthActors.Runtime.Sharding;
using AuthActors.Runtime.Transport;

namespace AuthActors.Runtime.Cluster;

/// <summary>
/// Delivers a message to its entity's shard wherever it is served: the local region when this node holds the lease,
/// else the owner over the transport. While a shard has no reachable owner (failover, hand-off) the request waits,
/// bounded in number and by the ask timeout, and goes out once an owner appears; past either bound the caller gets
/// <see cref="EntityUnavailableException"/> ("busy, try again"). A request that may have run on a node that then
/// vanished is never sent again: that would count a failed login twice.
/// </summary>
public sealed class ClusterRouter(
    int shardCount,
    ShardRouting routing,
    PeerConnections peers,
    MembershipAgent membership,
    TimeSpan askTimeout,
    int maxWaiting,
    ShardRegion? localRegion = null,
    ShardLeaseKeeper? keeper = null) : IEntityRouter
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(50);
    private int _waiting;

    /// <inheritdoc />
    public async Task<object> AskAsync(string entityId, object message, CancellationToken cancellationToken)
    {
        var shard = ShardId.Of(entityId, shardCount);
        var deadline = Environment.TickCount64 + (long)askTimeout.TotalMilliseconds;
        var waited = false;
        try
        {
            while (true)
            {
                if (keeper is not null && localRegion is not null && keeper.Holds(shard))
                {
                    try
                    {
                        return await localRegion.AskAsync(entityId, message, Remaining(deadline), cancellationToken);
                    }
                    catch (ShardUnavailableException)
                    {
                        // Handed off between the check and the delivery: find the new owner.
                    }
                }
                else if (routing.OwnerOf(shard) is { } owner && owner.Member != membership.Self.Id)
                {
                    var reply = await SendAsync(peers.Get(owner.Address), message, deadline, cancellationToken);
                    if (reply is not ShardNotHere)
                    {
                        return reply;
                    }
                }

                if (!waited)
                {
                    waited = true;
                    if (Interlocked.Increment(ref _waiting) > maxWaiting)
                    {
                        throw new EntityUnavailableException(entityId, "too many requests are waiting for their shard's owner");
                    }
                }

                if (Environment.TickCount64 >= deadline)
                {
                    throw new EntityUnavailableException(entityId, $"no node serves shard {shard} yet");
                }

                await Task.Delay(RetryPause, cancellationToken);
                await routing.RefreshAsync(cancellationToken);
            }
        }
        finally
        {
            if (waited)
            {
                Interlocked.Decrement(ref _waiting);
            }
        }
    }

    private static async Task<object> SendAsync(PeerConnection connection, object message, long deadline, CancellationToken cancellationToken)
    {
        try
        {
            return await connection.RequestAsync(message, Remaining(deadline), cancellationToken);
        }
        catch (PeerUnavailableException unavailable) when (unavailable.NotSent)
        {
            // Certainly not run: safe to deliver again once an owner is reachable.
            return new ShardNotHere(-1);
        }
    }

    private static TimeSpan Remaining(long deadline) => TimeSpan.FromMilliseconds(Math.Max(1, deadline - Environment.TickCount64));
}
