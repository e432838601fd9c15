using System.Threading.Channels;
using AuthActors.Runtime.Cluster;

namespace AuthActors.Runtime.Persistence;

/// <summary>
/// The group commit both journals share: appends from every writer queue here (bounded), and one loop hands
/// whatever has queued, up to the batch size, to the backend's batch writer, so a durable commit is paid per
/// batch, not per event. Closing refuses new appends and returns once everything queued is written.
/// </summary>
internal sealed partial class AppendQueue
{
    private readonly Channel<PendingAppend> _queue;
    private readonly int _maxBatchSize;
    private readonly string _owner;
    private readonly Task _loop;

    // Set after every append, for the loop on a thread of its own; null for the loop on the thread pool.
    private readonly ManualResetEventSlim? _wake;
    private int _closed;

    /// <summary>
    /// Starts the loop on the thread pool, for a backend whose batch writer is asynchronous; it takes nothing from the
    /// queue until <paramref name="writerGate"/> completes (tests).
    /// </summary>
    public AppendQueue(int capacity, int maxBatchSize, Func<List<PendingAppend>, Task> writeBatch, Task writerGate, string owner)
    {
        _queue = NewQueue(capacity);
        _maxBatchSize = maxBatchSize;
        _owner = owner;

        // The loop holds a pool thread only while it writes a batch and gives it back while the queue is empty.
        _loop = Task.Run(() => RunAsync(writeBatch, writerGate));
    }

    /// <summary>
    /// Starts the loop on a thread of its own, for a backend whose batch writer blocks (SQLite's calls are
    /// synchronous underneath). On the thread pool such a loop waited behind every request's work items each time it
    /// woke, and every append in the next batch waited with it; a thread of its own is woken by the appender itself.
    /// </summary>
    public AppendQueue(int capacity, int maxBatchSize, Action<List<PendingAppend>> writeBatch, Task writerGate, string owner)
    {
        _queue = NewQueue(capacity);
        _maxBatchSize = maxBatchSize;
        _owner = owner;
        _wake = new ManualResetEventSlim(initialState: false);
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _loop = stopped.Task;
        new Thread(() => RunOnThread(writeBatch, writerGate, stopped)) { IsBackground = true, Name = owner + " writer" }.Start();
    }

    /// <summary>Queues one writer's events; completes once they are durable (or refused).</summary>
    public Task AppendAsync(IReadOnlyList<EventEnvelope> events, JournalFence? fence, CancellationToken cancellationToken)
    {
        AppendValidation.Validate(events);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _closed) != 0, _owner);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        return Enqueue(new PendingAppend(events, fence, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Queues a snapshot to be written in the next batch's transaction (for a backend with one writer connection:
    /// a save of its own would take the write lock between batches). Completes once it is durable.
    /// </summary>
    public Task SaveSnapshotAsync(SnapshotEnvelope snapshot, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _closed) != 0, _owner);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        return Enqueue(new PendingAppend(snapshot, cancellationToken), cancellationToken);
    }

    private Task Enqueue(PendingAppend pending, CancellationToken cancellationToken)
    {
        if (!_queue.Writer.TryWrite(pending))
        {
            return EnqueueWhenRoomAsync(pending, cancellationToken);
        }

        _wake?.Set();
        return pending.Completion;
    }

    /// <summary>
    /// Refuses new appends and waits until everything queued is written. True for the first caller only, who may
    /// then release what the batch writer holds.
    /// </summary>
    public async Task<bool> CloseAsync()
    {
        var first = Interlocked.Exchange(ref _closed, 1) == 0;
        if (first)
        {
            _queue.Writer.TryComplete();
            _wake?.Set();
        }

        await _loop;
        return first;
    }

    private async Task EnqueueWhenRoomAsync(PendingAppend pending, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken);
            _wake?.Set();
        }
        catch (ChannelClosedException)
        {
            pending.Abandon();
            throw new ObjectDisposedException(_owner);
        }
        catch (OperationCanceledException)
        {
            pending.Abandon();
            throw;
        }

        await pending.Completion;
    }

    private static Channel<PendingAppend> NewQueue(int capacity) =>
        Channel.CreateBounded<PendingAppend>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

    private async Task RunAsync(Func<List<PendingAppend>, Task> writeBatch, Task writerGate)
    {
        await writerGate;
        var batch = new List<PendingAppend>(_maxBatchSize);

        // Ends only when the queue is completed and drained: that is the flush on close.
        while (await _queue.Reader.WaitToReadAsync())
        {
            if (TakeBatch(batch))
            {
                await writeBatch(batch);
                RecordBatch(batch);
                batch.Clear();
            }
        }
    }

    private void RunOnThread(Action<List<PendingAppend>> writeBatch, Task writerGate, TaskCompletionSource stopped)
    {
        try
        {
            writerGate.GetAwaiter().GetResult();
            var batch = new List<PendingAppend>(_maxBatchSize);
            while (true)
            {
                // Reset before looking, so that an append queued after the look sets it again and the wait returns.
                _wake!.Reset();
                if (TakeBatch(batch))
                {
                    writeBatch(batch);
                    RecordBatch(batch);
                    batch.Clear();
                    continue;
                }

                // Completed and drained: that is the flush on close.
                if (_queue.Reader.Completion.IsCompleted)
                {
                    break;
                }

                _wake.Wait();
            }

            stopped.SetResult();
        }
        catch (Exception failure)
        {
            // The batch writers complete their appends themselves and do not throw; anything else is a bug, and
            // closing the journal reports it.
            stopped.SetException(failure);
        }
    }

    /// <summary>Takes what has queued, up to the batch size, skipping appends their callers cancelled; true when any.</summary>
    private bool TakeBatch(List<PendingAppend> batch)
    {
        while (batch.Count < _maxBatchSize && _queue.Reader.TryRead(out var pending))
        {
            if (pending.TryClaim())
            {
                batch.Add(pending);
            }
        }

        return batch.Count > 0;
    }
}
