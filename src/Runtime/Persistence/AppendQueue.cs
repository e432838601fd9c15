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
    private readonly Func<List<PendingAppend>, Task> _writeBatch;
    private readonly int _maxBatchSize;
    private readonly string _owner;
    private readonly Task _loop;
    private int _closed;

    /// <summary>Starts the loop; it takes nothing from the queue until <paramref name="writerGate"/> completes (tests).</summary>
    public AppendQueue(int capacity, int maxBatchSize, Func<List<PendingAppend>, Task> writeBatch, Task writerGate, string owner)
    {
        _queue = Channel.CreateBounded<PendingAppend>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writeBatch = writeBatch;
        _maxBatchSize = maxBatchSize;
        _owner = owner;

        // The loop holds a pool thread only while it writes a batch and gives it back while the queue is empty.
        _loop = Task.Run(() => RunAsync(writerGate));
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

        var pending = new PendingAppend(events, fence, cancellationToken);
        return _queue.Writer.TryWrite(pending) ? pending.Completion : EnqueueWhenRoomAsync(pending, cancellationToken);
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
        }

        await _loop;
        return first;
    }

    private async Task EnqueueWhenRoomAsync(PendingAppend pending, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken);
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

    private async Task RunAsync(Task writerGate)
    {
        await writerGate;
        var reader = _queue.Reader;
        var batch = new List<PendingAppend>(_maxBatchSize);

        // Ends only when the queue is completed and drained: that is the flush on close.
        while (await reader.WaitToReadAsync())
        {
            while (batch.Count < _maxBatchSize && reader.TryRead(out var pending))
            {
                if (pending.TryClaim())
                {
                    batch.Add(pending);
                }
            }

            if (batch.Count > 0)
            {
                await _writeBatch(batch);
                RecordBatch(batch);
                batch.Clear();
            }
        }
    }
}
