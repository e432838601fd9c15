using System.IO.Pipelines;
using System.Text;

namespace AuthActors.Gateway.Tcp;

/// <summary>Writes server messages: each one line of UTF-8 ending with <c>\n</c>.</summary>
internal sealed class LineWriter(PipeWriter writer)
{
    /// <summary>Sends one message and flushes it.</summary>
    public async ValueTask WriteLineAsync(string message, CancellationToken cancellationToken)
    {
        // A message must stay one line whatever it carries.
        var text = message.Replace('\r', ' ').Replace('\n', ' ');
        var span = writer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length) + 1);
        var written = Encoding.UTF8.GetBytes(text, span);
        span[written] = (byte)'\n';
        writer.Advance(written + 1);
        await writer.FlushAsync(cancellationToken);
    }
}
