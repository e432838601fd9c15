using System.Collections.Concurrent;
using AuthActors.Runtime.Sharding;
using Microsoft.Extensions.Logging;

namespace AuthActors.Runtime.Cluster;

/// <summary>
/// Holds this node's shard leases: every heartbeat interval it computes the shards it should own (rendezvous over the
/// members up with the node role), takes the free ones, renews what it holds, and hands off what it should no longer
/// own (stop taking messages, drain, passivate) before releasing the lease so the new owner can take it.
/// A shard is served only while its lease is held; entities append with the lease's fence.
/// </summary>
public sealed partial class ShardLeaseKeeper(
    string region,
    int shardCount,
    IShardLeaseStore leases,
    MembershipAgent membership,
    ClusterOptions options,
    TimeProvider clock,
    ILogger logger) : IAsyncDisposable
{
    // Acquires in flight at once in one round: a few connections, not one per shard.
    private const int ConcurrentAcquires = 8;

    /// <summary>The role of members that own shards.</summary>
    public const string NodeRole = "node";

    private readonly ConcurrentDictionary<int, ShardLease> _held = new();
    private readonly ConcurrentDictionary<int, ShardLease> _draining = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;
    private DateTimeOffset _lastRenewal = DateTimeOffset.MinValue;
    private IReadOnlySet<int>? _desired;

    /// <summary>Stops a shard's entities here; set before <see cref="Start"/> (the region's hand-off).</summary>
    public Func<int, Task> HandOff { get; set; } = _ => Task.CompletedTask;

    /// <summary>Shards whose lease this node holds.</summary>
    public IReadOnlyCollection<int> HeldShards => [.. _held.Keys];

    /// <summary>True while this node holds the shard's lease and serves it.</summary>
    public bool Holds(int shard) => _held.ContainsKey(shard);

    /// <summary>The fence appends of the shard carry: while held, and while its last messages drain in a hand-off.</summary>
    public JournalFence? FenceOf(int shard) =>
        _held.TryGetValue(shard, out var lease) || _draining.TryGetValue(shard, out lease) ? lease.ToFence() : null;

    /// <summary>Starts the loop; the first look at the table happens at once.</summary>
    public void Start() => _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);

    /// <summary>Stops the loop, hands off every held shard and releases its lease (a graceful leave).</summary>
    public async Task ReleaseAllAsync(CancellationToken cancellationToken)
    {
        await StopLoopAsync();
        foreach (var shard in _held.Keys.Order())
        {
            await GiveUpAsync(shard, release: true, cancellationToken);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopLoopAsync();
        _stopping.Dispose();
    }

    /// <summary>One look at the table: give up, renew, take. Public for tests that step it by hand.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        var self = membership.Self.Id;
        var nodes = membership.View.UpWithRole(NodeRole).Select(m => m.Id.ToString()).ToList();
        var desired = membership.IsLeaving || !nodes.Contains(self.ToString())
            ? new HashSet<int>()
            : [.. RendezvousAllocation.ShardsOf(self.ToString(), nodes, shardCount)];
        Volatile.Write(ref _desired, desired);

        // Another node should have these now: hand them off first, so that when it takes the lease nothing runs here.
        if (nodes.Count > 0)
        {
            foreach (var shard in _held.Keys.Where(s => !desired.Contains(s)).Order())
            {
                await GiveUpAsync(shard, release: true, cancellationToken);
            }
        }

        var now = clock.GetUtcNow();
        if (now - _lastRenewal >= options.LeaseRenewEvery)
        {
            _lastRenewal = now;
            foreach (var (shard, lease) in _held)
            {
                if (await leases.RenewAsync(lease, options.LeaseTtl, cancellationToken) is { } renewed)
                {
                    _held[shard] = renewed;
                }
                else
                {
                    logger.LogWarning("Lost the lease of {Region} shard {Shard} (epoch {Epoch}); stopping it here", region, shard, lease.Epoch);
                    await GiveUpAsync(shard, release: false, cancellationToken);
                }
            }
        }

        // Each acquire is bounded (storage's lock-timeout); side by side, shards whose rows a frozen former owner still
        // locks cost the round one bound, not one each, and the next round's renewals are not held up behind them.
        var wanted = desired.Where(s => !_held.ContainsKey(s)).Order().ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = ConcurrentAcquires, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(wanted, parallel, async (shard, token) =>
        {
            if (await leases.TryAcquireAsync(region, shard, self, options.LeaseTtl, options.DownAfter, token) is { } lease)
            {
                _held[shard] = lease;
                ShardsOwned.Add(1);
                logger.LogDebug("Took {Region} shard {Shard} at epoch {Epoch}", region, shard, lease.Epoch);
            }
        });
    }

    private async Task GiveUpAsync(int shard, bool release, CancellationToken cancellationToken)
    {
        if (!_held.TryRemove(shard, out var lease))
        {
            return;
        }

        ShardsOwned.Add(-1);
        if (release)
        {
            HandOffs.Add(1);
        }

        // Queued messages still drain under the lease's fence; new ones are refused from now on.
        _draining[shard] = lease;
        try
        {
            await HandOff(shard);
            if (release)
            {
                await leases.ReleaseAsync(lease, cancellationToken);
            }
        }
        finally
        {
            _draining.TryRemove(shard, out _);
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.HeartbeatInterval);
        do
        {
            try
            {
                await TickAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                logger.LogWarning(error, "Shard lease round of {Region} failed; retrying", region);
            }
        }
        while (await WaitAsync(timer, cancellationToken));
    }

    private async Task StopLoopAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync();
        }

        await _loop;
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
