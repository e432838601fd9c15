using Microsoft.Extensions.Logging;

namespace AuthActors.Runtime.Cluster;

/// <summary>
/// This process's membership: it joins, writes its heartbeat and rereads the members table every heartbeat
/// interval, and hands readers the latest immutable <see cref="MembershipSnapshot"/>. When the table says this
/// incarnation is down (its heartbeats stalled past down-after), <see cref="Lost"/> completes: every other member
/// may have taken its shards, so the process must stop serving and join again as a new incarnation.
/// </summary>
public sealed class MembershipAgent(IMembershipStore store, ClusterOptions options, ILogger logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _loop = Task.CompletedTask;
    private Member? _self;
    private MembershipSnapshot _view = new(DateTimeOffset.MinValue, []);
    private long _viewReadAt = long.MinValue / 2;

    /// <summary>This process's member row as joined; throws before <see cref="JoinAsync"/>.</summary>
    public Member Self => _self ?? throw new InvalidOperationException("not joined yet");

    /// <summary>The latest snapshot of the members table.</summary>
    public MembershipSnapshot View => Volatile.Read(ref _view);

    /// <summary>
    /// How long ago <see cref="View"/> was read, by this process's monotonic clock. A view older than a couple of
    /// heartbeats (the database is slow or gone) may miss members that joined since: decisions that end something
    /// because a member is absent must wait for a fresh one.
    /// </summary>
    public TimeSpan ViewAge => TimeSpan.FromMilliseconds(Environment.TickCount64 - Volatile.Read(ref _viewReadAt));

    /// <summary>True once this member announced it is leaving: it takes no new shards.</summary>
    public bool IsLeaving { get; private set; }

    /// <summary>Completes when the table declared this incarnation down.</summary>
    public Task Lost => _lost.Task;

    /// <summary>Completes at the next reread of the table (for routers waiting for an owner to appear).</summary>
    public Task NextViewAsync => Volatile.Read(ref _changed).Task;

    /// <summary>Joins as a new incarnation, marks itself up and starts the heartbeat loop.</summary>
    public async Task JoinAsync(string node, string address, IReadOnlyList<string> roles, CancellationToken cancellationToken)
    {
        var joined = await store.JoinAsync(node, address, roles, cancellationToken);
        await store.SetStatusAsync(joined.Id, MemberStatus.Up, cancellationToken);
        _self = joined with { Status = MemberStatus.Up };
        await RefreshAsync(cancellationToken);
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        logger.LogInformation("Joined the cluster as {Member} at {Address} with roles {Roles}", joined.Id, address, string.Join(",", roles));
    }

    /// <summary>Announces that this member is leaving: others stop counting it for shards.</summary>
    public async Task BeginLeavingAsync(CancellationToken cancellationToken)
    {
        IsLeaving = true;
        await store.SetStatusAsync(Self.Id, MemberStatus.Leaving, cancellationToken);
        await RefreshAsync(cancellationToken);
    }

    /// <summary>Stops the heartbeat and marks this member removed (after its shards were handed off).</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        await StopLoopAsync();
        if (_self is not null && !_lost.Task.IsCompleted)
        {
            await store.SetStatusAsync(_self.Id, MemberStatus.Removed, cancellationToken);
            logger.LogInformation("Left the cluster as {Member}", _self.Id);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopLoopAsync();
        _stopping.Dispose();
    }

    private async Task StopLoopAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync();
        }

        await _loop;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.HeartbeatInterval);
        while (await WaitAsync(timer, cancellationToken))
        {
            try
            {
                await store.HeartbeatAsync(Self.Id, options.DownAfter, cancellationToken);
                await RefreshAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopped during a heartbeat: leaving or disposing, not a failure.
                return;
            }
            catch (MemberDownException down)
            {
                logger.LogCritical("This member {Member} was declared down ({Reason}); it must stop serving shards", Self.Id, down.Message);
                _lost.TrySetResult();
                return;
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // A slow or lost database: keep trying. If it lasts past down-after, the others take the shards and
                // this member's fenced appends are refused, so nothing forks meanwhile.
                logger.LogWarning(error, "Heartbeat of {Member} failed", Self.Id);
            }
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var started = Environment.TickCount64;
        Volatile.Write(ref _view, await store.ReadAsync(options.DownAfter, cancellationToken));
        Volatile.Write(ref _viewReadAt, started);
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
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
