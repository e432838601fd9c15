using System.IO.Pipelines;
using AuthActors.Gateway.Sessions;
using Microsoft.AspNetCore.Connections;

namespace AuthActors.Gateway.Tcp;

/// <summary>
/// One client's line-based conversation: reads messages within the idle timeout, answers bad input the same way
/// in every mode, and ends quietly when the client leaves or the server stops. Writes are serialised, because on the
/// session port other users' messages are written to a connection while its own conversation answers too: by a
/// semaphore on the login port, by a <see cref="LineOutbox"/> on the session port.
/// </summary>
/// <remarks>
/// With an <paramref name="outbox"/> (the session port, where thousands of connections wait), inactivity is not a
/// timer per read but a shared sweep that calls <see cref="ExpireIfIdle"/>: a waiting connection holds no timer.
/// </remarks>
internal sealed class ClientConnection(
    IDuplexPipe transport,
    TcpLoginOptions options,
    CancellationToken stopping,
    string idleFarewell = "<<close>>closing idle connection",
    LineOutbox? outbox = null,
    TimeProvider? sweptClock = null) : ISessionOutlet
{
    private readonly LineReader _reader = new(transport.Input, options.MaxLineLength, options.UnterminatedPause);
    private readonly LineWriter? _writer = outbox is null ? new(transport.Output) : null;
    private readonly SemaphoreSlim? _writing = outbox is null ? new(1, 1) : null;
    private long _lastHeard = sweptClock?.GetTimestamp() ?? 0;
    private CancellationTokenSource? _expiry;

    /// <summary>Why <see cref="ReceiveAsync"/> returned null: closed, inactivity, line too long, server stopping.</summary>
    public string EndReason { get; private set; } = "disconnect";

    /// <summary>Sends one line.</summary>
    /// <exception cref="ConnectionResetException">On the login port, the client has not read for the write timeout.</exception>
    public async ValueTask SendAsync(string message)
    {
        if (outbox is not null)
        {
            // The outbox bounds its own writes (the session port's write-timeout).
            await SendAsync(message, CancellationToken.None);
            return;
        }

        using var timeout = new CancellationTokenSource(options.WriteTimeout);
        try
        {
            await SendAsync(message, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new ConnectionResetException($"the client read nothing for {options.WriteTimeout.TotalSeconds:0} s");
        }
    }

    /// <summary>Sends one line, giving up when <paramref name="cancellationToken"/> fires (a client that stopped reading).</summary>
    public async ValueTask SendAsync(string message, CancellationToken cancellationToken)
    {
        if (outbox is not null)
        {
            await outbox.SendAsync(message).WaitAsync(cancellationToken);
            return;
        }

        await _writing!.WaitAsync(cancellationToken);
        try
        {
            await _writer!.WriteLineAsync(message, cancellationToken);
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
            using var idle = sweptClock is null ? CancellationTokenSource.CreateLinkedTokenSource(stopping) : null;
            idle?.CancelAfter(options.IdleTimeout);
            LineResult result;
            try
            {
                result = await _reader.ReadLineAsync(idle?.Token ?? (_expiry ??= CancellationTokenSource.CreateLinkedTokenSource(stopping)).Token);
                Volatile.Write(ref _lastHeard, sweptClock?.GetTimestamp() ?? 0);
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

    /// <summary>
    /// Queues a line encoded once for many connections without waiting for it; false when the client is gone or has
    /// <see cref="LineOutbox.Capacity"/> lines it did not take yet. Only with an outbox.
    /// </summary>
    public bool Post(ReadOnlyMemory<byte> encodedLine) => outbox?.Post(encodedLine) ?? false;

    /// <summary>Sends one line and tells whether it was flushed within the write timeout. Only with an outbox.</summary>
    public Task<bool> TrySendAsync(string line) => outbox?.SendAsync(line) ?? Task.FromResult(false);

    /// <summary>Ends the read waiting for the client when nothing came for <see cref="TcpLoginOptions.IdleTimeout"/> (the shared sweep).</summary>
    public void ExpireIfIdle()
    {
        if (sweptClock is not null && sweptClock.GetElapsedTime(Volatile.Read(ref _lastHeard)) >= options.IdleTimeout)
        {
            try
            {
                _expiry?.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The connection ended meanwhile.
            }
        }
    }

    /// <summary>The conversation is over: refuses later lines, waits for a write in progress, frees the idle watch.</summary>
    public async Task CloseAsync()
    {
        if (outbox is not null)
        {
            await outbox.CloseAsync();
        }

        _expiry?.Dispose();
    }
}
