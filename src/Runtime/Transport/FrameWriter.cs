using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Channels;

namespace AuthActors.Runtime.Transport;

/// <summary>An encoded frame waiting to be written, with the correlation id of the request it belongs to (0 for none).</summary>
internal readonly record struct OutgoingFrame(long CorrelationId, byte[] Bytes);

/// <summary>
/// The one writer of a connection: many callers queue encoded frames, a single loop writes them, so frames never
/// interleave. Frames queued together go out with one flush. The queue is bounded; <see cref="TryQueue"/> refuses
/// instead of waiting.
/// </summary>
internal sealed class FrameWriter
{
    private readonly Channel<OutgoingFrame> _queue;

    public FrameWriter(int limit) =>
        _queue = Channel.CreateBounded<OutgoingFrame>(new BoundedChannelOptions(limit)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

    /// <summary>True once <see cref="Stop"/> was called: the connection is gone.</summary>
    public bool IsStopped { get; private set; }

    /// <summary>Queues a frame; false when the queue is full or the writer has stopped.</summary>
    public bool TryQueue(OutgoingFrame frame) => _queue.Writer.TryWrite(frame);

    /// <summary>Queues a frame, waiting for room (for replies, which the in-flight bound already limits).</summary>
    public ValueTask QueueAsync(OutgoingFrame frame, CancellationToken cancellationToken) => _queue.Writer.WriteAsync(frame, cancellationToken);

    /// <summary>Stops taking frames; the loop writes those already queued, then ends.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    /// <summary>Stops taking frames and hands back the ones never written, so their callers can be told.</summary>
    public IReadOnlyList<OutgoingFrame> Stop()
    {
        IsStopped = true;
        _queue.Writer.TryComplete();
        var unsent = new List<OutgoingFrame>();
        while (_queue.Reader.TryRead(out var frame))
        {
            unsent.Add(frame);
        }

        return unsent;
    }

    /// <summary>Writes queued frames until <see cref="Stop"/>, cancellation or the peer closing.</summary>
    public async Task RunAsync(PipeWriter output, CancellationToken cancellationToken)
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync(cancellationToken))
        {
            while (reader.TryRead(out var frame))
            {
                output.Write(frame.Bytes);
            }

            var flushed = await output.FlushAsync(cancellationToken);
            if (flushed.IsCompleted || flushed.IsCanceled)
            {
                return;
            }
        }
    }
}
