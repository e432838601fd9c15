using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace AuthActors.Gateway.Tcp;

/// <summary>
/// The lines waiting to be written to one connection, drained by one writer at a time: whatever queued up while the
/// previous flush was out goes in one flush (one send), so a burst of presence lines to a busy connection costs one
/// syscall, not one each. Bounded: when <see cref="Capacity"/> lines wait (a client that stopped reading), more are
/// refused. Holds nothing while idle. Each line may be framed (<paramref name="before"/>, <paramref name="after"/>):
/// a browser's event stream sends the same encoded lines as server-sent events, <c>data: line\n\n</c>.
/// </summary>
internal sealed class LineOutbox(PipeWriter writer, TimeSpan writeTimeout, ReadOnlyMemory<byte> before = default, ReadOnlyMemory<byte> after = default)
{
    /// <summary>Lines that may wait for one connection before more are refused.</summary>
    public const int Capacity = 1024;

    private Queue<Pending>? _queue;
    private bool _draining;
    private bool _closed;
    private TaskCompletionSource? _drained;

    /// <summary>
    /// Queues a line and completes when it was flushed (true), or when it could not be: the queue is full, the flush
    /// took longer than the write timeout, or the connection is gone (false).
    /// </summary>
    public Task<bool> SendAsync(string line)
    {
        var written = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        return Enqueue(new Pending(Encode(line), written), startNow: true) ? written.Task : Task.FromResult(false);
    }

    /// <summary>
    /// Queues an already encoded line (from <see cref="Encode"/>, shared by many connections) without waiting for it;
    /// the writer starts on the thread pool, so lines posted in one burst go out together. False when refused.
    /// </summary>
    public bool Post(ReadOnlyMemory<byte> encodedLine) => Enqueue(new Pending(encodedLine, null), startNow: false);

    /// <summary>Queues bytes to write as they are, without the framing (an event stream's keep-alive comment); false when refused.</summary>
    public bool PostUnframed(ReadOnlyMemory<byte> bytes) => Enqueue(new Pending(bytes, null, Framed: false), startNow: true);

    /// <summary>
    /// Refuses every later line, fails those still waiting, and waits for a write in progress (at most the write
    /// timeout), so that nothing writes to the connection once its handler returns.
    /// </summary>
    public async Task CloseAsync()
    {
        Queue<Pending>? left;
        TaskCompletionSource? drained;
        lock (this)
        {
            _closed = true;
            left = _queue;
            _queue = null;
            drained = _drained = _draining ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : null;
        }

        while (left is not null && left.TryDequeue(out var pending))
        {
            pending.Written?.TrySetResult(false);
        }

        if (drained is not null)
        {
            await drained.Task.WaitAsync(writeTimeout + TimeSpan.FromSeconds(1)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>One line as sent: UTF-8, a line end, and never a line break inside whatever it carries.</summary>
    public static ReadOnlyMemory<byte> Encode(string line)
    {
        var text = line.Replace('\r', ' ').Replace('\n', ' ');
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        bytes[^1] = (byte)'\n';
        return bytes;
    }

    private bool Enqueue(Pending pending, bool startNow)
    {
        lock (this)
        {
            if (_closed || (_queue ??= new Queue<Pending>()).Count >= Capacity)
            {
                return false;
            }

            _queue.Enqueue(pending);
            if (_draining)
            {
                return true;
            }

            _draining = true;
        }

        if (startNow)
        {
            _ = DrainAsync();
        }
        else
        {
            ThreadPool.UnsafeQueueUserWorkItem(static outbox => _ = outbox.DrainAsync(), this, preferLocal: false);
        }

        return true;
    }

    private async Task DrainAsync()
    {
        var batch = new List<Pending>();
        while (true)
        {
            TaskCompletionSource? drained = null;
            lock (this)
            {
                while (_queue is { } queue && queue.TryDequeue(out var next))
                {
                    batch.Add(next);
                }

                if (batch.Count == 0)
                {
                    // Idle: the queue goes too, so that a waiting connection holds no buffer of lines.
                    _draining = false;
                    _queue = null;
                    drained = _drained;
                }
            }

            if (batch.Count == 0)
            {
                drained?.TrySetResult();
                return;
            }

            var written = !_closed && await WriteAsync(batch);
            foreach (var pending in batch)
            {
                pending.Written?.TrySetResult(written);
            }

            batch.Clear();
        }
    }

    private async ValueTask<bool> WriteAsync(List<Pending> batch)
    {
        try
        {
            foreach (var pending in batch)
            {
                if (!pending.Framed)
                {
                    writer.Write(pending.Line.Span);
                    continue;
                }

                writer.Write(before.Span);
                writer.Write(pending.Line.Span);
                writer.Write(after.Span);
            }

            var flush = writer.FlushAsync();
            if (!flush.IsCompleted)
            {
                // A client that stopped reading: give up on this batch after the write timeout (its bytes stay in the
                // pipe and go out if the client reads again); the next batch waits its own turn.
                var waiting = flush.AsTask();
                using var timeout = new CancellationTokenSource();
                if (await Task.WhenAny(waiting, Task.Delay(writeTimeout, timeout.Token)) != waiting)
                {
                    writer.CancelPendingFlush();
                    await waiting;
                    return false;
                }

                await timeout.CancelAsync();
                return !(await waiting).IsCompleted;
            }

            return !flush.Result.IsCompleted;
        }
        catch (Exception gone) when (gone is InvalidOperationException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    private readonly record struct Pending(ReadOnlyMemory<byte> Line, TaskCompletionSource<bool>? Written, bool Framed = true);
}
