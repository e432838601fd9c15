using System.IO.Pipelines;

namespace AuthActors.Gateway.Tcp;

/// <summary>
/// One client's line-based conversation: reads messages within the idle timeout, answers bad input the same way
/// in every mode, and ends quietly when the client leaves or the server stops. Writes are serialised, because on the
/// session port other users' messages are written to a connection while its own conversation answers too.
/// </summary>
internal sealed class ClientConnection(
    IDuplexPipe transport, TcpLoginOptions options, CancellationToken stopping, string idleFarewell = "<<close>>closing idle connection")
{
    private readonly LineReader _reader = new(transport.Input, options.MaxLineLength, options.UnterminatedPause);
    private readonly LineWriter _writer = new(transport.Output);
    private readonly SemaphoreSlim _writing = new(1, 1);

    /// <summary>Why <see cref="ReceiveAsync"/> returned null: closed, inactivity, line too long, server stopping.</summary>
    public string EndReason { get; private set; } = "disconnect";

    /// <summary>Sends one line.</summary>
    public ValueTask SendAsync(string message) => SendAsync(message, CancellationToken.None);

    /// <summary>Sends one line, giving up when <paramref name="cancellationToken"/> fires (a client that stopped reading).</summary>
    public async ValueTask SendAsync(string message, CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken);
        try
        {
            await _writer.WriteLineAsync(message, cancellationToken);
        }
        finally
        {
            _writing.Release();
        }
    }

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
                EndReason = stopping.IsCancellationRequested ? "server stopping" : "inactivity";
                await SendAsync(stopping.IsCancellationRequested
                    ? "<<close>>the server is shutting down, please connect again later"
                    : idleFarewell);
                return null;
            }

            switch (result.Status)
            {
                case LineStatus.Line:
                    return result.Text;
                case LineStatus.TooLong:
                    EndReason = "line too long";
                    await SendAsync("ERR 413 line too long");
                    return null;
                case LineStatus.InvalidUtf8:
                    await SendAsync("ERR 400 input is not valid UTF-8");
                    continue;
                default:
                    EndReason = "disconnect";
                    return null;
            }
        }
    }
}
