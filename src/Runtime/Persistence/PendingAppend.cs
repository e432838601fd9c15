using AuthActors.Runtime.Cluster;

namespace AuthActors.Runtime.Persistence;

/// <summary>One append call (or snapshot save) waiting for the writer, and the task its caller awaits.</summary>
internal sealed class PendingAppend
{
    private const int Queued = 0;
    private const int Claimed = 1;
    private const int Cancelled = 2;

    // Continuations run off the writer loop so that a caller's code never delays the next batch.
    private readonly TaskCompletionSource completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenRegistration cancellation;
    private int state = Queued;

    public PendingAppend(IReadOnlyList<EventEnvelope> events, JournalFence? fence, CancellationToken cancellationToken)
        : this(cancellationToken)
    {
        Events = events;
        Fence = fence;
    }

    /// <summary>A snapshot for the writer to save in its batch's transaction: no events, no fence.</summary>
    public PendingAppend(SnapshotEnvelope snapshot, CancellationToken cancellationToken)
        : this(cancellationToken)
    {
        Snapshot = snapshot;
    }

    private PendingAppend(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            cancellation = cancellationToken.UnsafeRegister(
                static (self, token) => ((PendingAppend)self!).Cancel(token), this);
        }
    }

    public IReadOnlyList<EventEnvelope> Events { get; } = [];

    /// <summary>The snapshot to save instead of events, or null for an append.</summary>
    public SnapshotEnvelope? Snapshot { get; }

    /// <summary>When the caller queued it (<see cref="System.Diagnostics.Stopwatch"/> ticks), for the append latency.</summary>
    public long QueuedAt { get; } = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>The lease the append must still hold when it is written, or null for an unfenced append.</summary>
    public JournalFence? Fence { get; }

    public Task Completion => completion.Task;

    /// <summary>
    /// Takes the append for writing. After this its cancellation is ignored: once the writer has it,
    /// the caller learns the real outcome rather than a cancellation that may hide a stored event.
    /// </summary>
    public bool TryClaim() => Interlocked.CompareExchange(ref state, Claimed, Queued) == Queued;

    public void Succeed()
    {
        cancellation.Unregister();
        completion.TrySetResult();
    }

    public void Fail(Exception exception)
    {
        cancellation.Unregister();
        completion.TrySetException(exception);
    }

    /// <summary>For an append that never reached the queue: drops the cancellation hook.</summary>
    public void Abandon() => cancellation.Unregister();

    private void Cancel(CancellationToken token)
    {
        if (Interlocked.CompareExchange(ref state, Cancelled, Queued) == Queued)
        {
            completion.TrySetCanceled(token);
        }
    }
}
