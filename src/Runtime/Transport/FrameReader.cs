using System.IO.Pipelines;

namespace AuthActors.Runtime.Transport;

/// <summary>Reads frames off a connection's pipe, one at a time, decoding each before its bytes are released.</summary>
internal sealed class FrameReader(PipeReader input, WireSerializer serializer, int maxFrameSize)
{
    /// <summary>The next frame, or null once the peer has closed its side.</summary>
    /// <exception cref="FrameTooLargeException">The peer announced a frame past the bound.</exception>
    /// <exception cref="FrameFormatException">The peer sent bytes that are not a frame.</exception>
    public async ValueTask<Frame?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            switch (FrameCodec.TryTake(ref buffer, maxFrameSize, out var json, out var declared))
            {
                case FrameScan.Frame:
                    Frame frame;
                    try
                    {
                        frame = FrameCodec.Decode(json, serializer);
                    }
                    finally
                    {
                        input.AdvanceTo(buffer.Start);
                    }

                    return frame;
                case FrameScan.TooLarge:
                    input.AdvanceTo(buffer.Start);
                    throw new FrameTooLargeException($"the peer announced a frame of {declared} bytes, past max-frame-size ({maxFrameSize})");
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                input.AdvanceTo(buffer.End);
                return null;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
