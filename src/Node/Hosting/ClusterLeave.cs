using AuthActors.Runtime.Cluster;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuthActors.Node.Hosting;

/// <summary>
/// A graceful leave on shutdown: announce leaving (the others stop counting this node), hand every shard off and
/// release its lease (the others take them at their next round), wait out a grace period of one heartbeat interval
/// for replies in flight, then mark the member removed. Skipped when the host is <paramref name="killed"/>.
/// </summary>
internal sealed class ClusterLeave(
    MembershipAgent membership, ShardLeaseKeeper keeper, TimeSpan grace, ILogger<ClusterLeave> logger, CancellationToken killed) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // Runs before any hosted service stops, Kestrel included, so the transport still answers while shards move.
    // Best effort: a node that cannot reach the database to leave is taken for down after down-after anyway.
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (killed.IsCancellationRequested)
        {
            return;
        }

        logger.LogInformation("Leaving the cluster: handing off {Count} shards", keeper.HeldShards.Count);
        try
        {
            if (!membership.Lost.IsCompleted)
            {
                await membership.BeginLeavingAsync(cancellationToken);
            }

            await keeper.ReleaseAllAsync(cancellationToken);

            // Holding nothing, the node now answers every request "not here", and senders go to the new owners. The
            // grace lets replies already on their way reach the senders before the transport closes its connections:
            // a reply cut off on the wire would leave a sender not knowing whether its request ran.
            await Task.Delay(grace, cancellationToken);
            await membership.LeaveAsync(cancellationToken);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            logger.LogWarning(error, "Leaving the cluster did not complete; the others take the shards when this member is seen down");
        }
    }
}
