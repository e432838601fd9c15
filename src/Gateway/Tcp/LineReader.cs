using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace AuthActors.Gateway.Tcp;

/// <summary>What reading a client message ended with.</summary>
internal enum LineStatus
{
    /// <summary>A message arrived.</summary>
    Line,

    /// <summary>The message passed the length bound.</summary>
    TooLong,

    /// <summary>The message is not valid UTF-8; it was skipped.</summary>
    InvalidUtf8,

    /// <summary>The client closed its side with nothing pending.</summary>
    Closed,
}

/// <summary>One client message, or why there is none.</summary>
internal readonly record struct LineResult(LineStatus Status, string Text = "");

/// <summary>
/// Reads client messages from a pipe: a line ends with <c>\n</c> or <c>\r\n</c>; bytes with no line end followed by
/// a short silence are a message too, because some clients send a bare message and wait for the answer. Parses in
/// place from the pipe's buffers and never holds more than the bound.
/// </summary>
internal sealed class LineReader(PipeReader reader, int maxLineBytes, TimeSpan unterminatedPause)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private bool _holdsUnterminatedBytes;

    /// <summary>Reads the next message; cancellation (idle timeout, shutdown) throws <see cref="OperationCanceledException"/>.</summary>
    public async ValueTask<LineResult> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = _holdsUnterminatedBytes
                ? await ReadOrPauseAsync(cancellationToken)
                : await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;

            if (TryTakeLine(ref buffer, out var line))
            {
                // Decode before advancing: the pipe may reuse the line's memory once it is consumed.
                var message = line.Length > maxLineBytes ? new LineResult(LineStatus.TooLong) : Decode(line);
                reader.AdvanceTo(buffer.Start);
                _holdsUnterminatedBytes = false;
                return message;
            }

            if (buffer.Length > maxLineBytes)
            {
                reader.AdvanceTo(buffer.End);
                return new LineResult(LineStatus.TooLong);
            }

            if ((result.IsCanceled || result.IsCompleted) && !buffer.IsEmpty)
            {
                // Silence after unterminated bytes, or the client finished: what is there is the message.
                var message = Decode(buffer);
                reader.AdvanceTo(buffer.End);
                _holdsUnterminatedBytes = false;
                return message;
            }

            if (result.IsCompleted)
            {
                reader.AdvanceTo(buffer.End);
                return new LineResult(LineStatus.Closed);
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            _holdsUnterminatedBytes = !buffer.IsEmpty;
        }
    }

    // Waits for more bytes, but only for the pause: then the pending read is cancelled, which returns the bytes
    // held so far as a message instead of throwing.
    private async ValueTask<ReadResult> ReadOrPauseAsync(CancellationToken cancellationToken)
    {
        var read = reader.ReadAsync(cancellationToken).AsTask();
        using var pause = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var silence = Task.Delay(unterminatedPause, pause.Token);
        if (await Task.WhenAny(read, silence) != read && !read.IsCompleted)
        {
            reader.CancelPendingRead();
        }

        await pause.CancelAsync();
        return await read;
    }

    private static bool TryTakeLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        var newline = buffer.PositionOf((byte)'\n');
        if (newline is null)
        {
            line = default;
            return false;
        }

        line = buffer.Slice(0, newline.Value);
        buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
        if (!line.IsEmpty && line.Slice(line.Length - 1).FirstSpan[0] == (byte)'\r')
        {
            line = line.Slice(0, line.Length - 1);
        }

        return true;
    }

    private static LineResult Decode(ReadOnlySequence<byte> bytes)
    {
        try
        {
            return new LineResult(LineStatus.Line, StrictUtf8.GetString(bytes));
        }
        catch (DecoderFallbackException)
        {
            return new LineResult(LineStatus.InvalidUtf8);
        }
    }
}
