using AuthActors.Runtime.Transport;

namespace AuthActors.Runtime.Cluster;

/// <summary>
/// Where each shard of a region is served now: the live leases joined with the members' addresses, reread from the
/// database at most every <see cref="MinRefreshInterval"/>. Readers get an immutable table; a router that finds an
/// owner gone asks for a fresh one.
/// </summary>
public sealed class ShardRouting(string region, IShardLeaseStore leases, MembershipAgent membership)
{
    /// <summary>Rereads closer together than this share one read.</summary>
    public static readonly TimeSpan MinRefreshInterval = TimeSpan.FromMilliseconds(100);

    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private IReadOnlyDictionary<int, ShardOwner> _owners = new Dictionary<int, ShardOwner>();
    private long _refreshedAt = long.MinValue;

    /// <summary>The owner of a shard as last read, or null when none is known.</summary>
    public ShardOwner? OwnerOf(int shard) => Volatile.Read(ref _owners).TryGetValue(shard, out var owner) ? owner : null;

    /// <summary>How many of the shards 0..<paramref name="shardCount"/>-1 have no known owner in the last table read.</summary>
    public int ShardsWithoutOwner(int shardCount)
    {
        var owners = Volatile.Read(ref _owners);
        return Enumerable.Range(0, shardCount).Count(shard => !owners.ContainsKey(shard));
    }

    /// <summary>How many shards each member owns, for status output.</summary>
    public IReadOnlyDictionary<MemberId, int> ShardsPerMember() =>
        Volatile.Read(ref _owners).Values.GroupBy(o => o.Member).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>
    /// Rereads the table every <paramref name="interval"/> until cancelled, so that a shard whose owner froze or
    /// died moves in the table even when no request is refused to tell the router (a frozen owner refuses nothing).
    /// </summary>
    public async Task RefreshPeriodicallyAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await RefreshAsync(cancellationToken);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    // The database is away: keep the last table; the next round tries again.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Rereads the leases unless another read finished within <see cref="MinRefreshInterval"/>.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var started = Environment.TickCount64;
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            if (Interlocked.Read(ref _refreshedAt) >= started - (long)MinRefreshInterval.TotalMilliseconds)
            {
                return;
            }

            var table = await leases.ReadAllAsync(region, cancellationToken);
            var addresses = membership.View.Members
                .Where(m => m.Status is MemberStatus.Up or MemberStatus.Leaving)
                .ToDictionary(m => m.Id, m => m.Address);
            var owners = new Dictionary<int, ShardOwner>();
            foreach (var lease in table.Live)
            {
                if (addresses.TryGetValue(lease.Owner, out var address) && address.Length > 0)
                {
                    owners[lease.Shard] = new ShardOwner(lease.Owner, PeerAddress.Parse(address));
                }
            }

            Volatile.Write(ref _owners, owners);
            Interlocked.Exchange(ref _refreshedAt, Environment.TickCount64);
        }
        finally
        {
            _refreshing.Release();
        }
    }
}

/// <summary>The member serving a shard and where to reach it.</summary>
public sealed record ShardOwner(MemberId Member, PeerAddress Address);
