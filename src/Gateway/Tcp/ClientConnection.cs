using System.IO.Pipelines;

namespace AuthActors.Gateway.Tcp;

/// <summary>
/// One client's line-based conversation: reads messages within the idle timeout, answers bad input the same way
/// in every mode, and ends quietly when the client leaves or the server stops.
/// </summary>
internal sealed class ClientConnection(IDuplexPipe transport, TcpLoginOptions options, CancellationToken stopping)
{
    private readonly LineReader _reader = new(transport.Input, options.MaxLineLength, options.UnterminatedPause);
    private readonly LineWriter _writer = new(transport.Output);

    /// <summary>Sends one line.</summary>
    public ValueTask SendAsync(string message) => _writer.WriteLineAsync(message, CancellationToken.None);

    /// <summary>
    /// The next message, or null when the conversation is over: the client closed, went idle, sent a line too long
    /// (answered with <c>ERR 413</c>), or the server is stopping (answered with a goodbye).
    /// </summary>
    public async ValueTask<string?> ReceiveAsync()
    {
        while (true)
        {
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            idle.CancelAfter(options.IdleTimeout);
            LineResult result;
            try
            {
                result = await _reader.ReadLineAsync(idle.Token);
            }
            catch (OperationCanceledException)
            {
                await SendAsync(stopping.IsCancellationRequested
                    ? "<<close>>the server is shutting down, please connect again later"
                    : "<<close>>closing idle connection");
                return null;
            }

            switch (result.Status)
            {
                case LineStatus.Line:
                    return result.Text;
                case LineStatus.TooLong:
                    await SendAsync("ERR 413 line too long");
                    return null;
                case LineStatus.InvalidUtf8:
                    await SendAsync("ERR 400 input is not valid UTF-8");
                    continue;
                default:
                    return null;
            }
        }
    }
}
