using System.IO.Pipelines;
using AuthActors.Gateway.Sessions;
using AuthActors.Gateway.Tcp;

namespace AuthActors.Gateway.Web;

/// <summary>
/// A browser's event stream (<c>GET /messages/events</c>) as the outlet of an online session: the session's lines go
/// out as server-sent events (<c>data: line</c> and a blank line) through the same bounded <see cref="LineOutbox"/>
/// as a session-port connection's. <see cref="Ended"/> fires when the browser leaves, the server stops, the user gave
/// no command for the inactivity timeout (the shared sweep), or <see cref="End"/> is called (the web session ended).
/// </summary>
internal sealed class EventStreamOutlet : ISessionOutlet, IDisposable
{
    private static readonly byte[] EventStart = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n"u8.ToArray();

    // A comment line: browsers ignore it, proxies see traffic and keep an idle stream open.
    private static readonly byte[] KeepAliveComment = ":\n\n"u8.ToArray();

    private readonly LineOutbox _outbox;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _idleTimeout;
    private readonly CancellationToken _stopping;
    private readonly CancellationTokenSource _ended;
    private long _lastHeard;
    private volatile string? _endedBecause;

    public EventStreamOutlet(
        PipeWriter body, TimeSpan writeTimeout, TimeSpan idleTimeout, TimeProvider clock, CancellationToken browserLeft, CancellationToken stopping)
    {
        _outbox = new LineOutbox(body, writeTimeout, EventStart, EventEnd);
        _clock = clock;
        _idleTimeout = idleTimeout;
        _stopping = stopping;
        _lastHeard = clock.GetTimestamp();
        _ended = CancellationTokenSource.CreateLinkedTokenSource(browserLeft, stopping);
    }

    /// <summary>Fires when the stream must end; <see cref="EndReason"/> says why.</summary>
    public CancellationToken Ended => _ended.Token;

    /// <summary>Why the stream ended: <c>inactivity</c>, <c>session ended</c>, <c>server stopping</c> or <c>disconnect</c>.</summary>
    public string EndReason => _endedBecause ?? (_stopping.IsCancellationRequested ? "server stopping" : "disconnect");

    /// <summary>The user gave a command: the inactivity timeout starts again.</summary>
    public void Touch() => Volatile.Write(ref _lastHeard, _clock.GetTimestamp());

    /// <summary>Ends the stream because the web session behind it is over (logout, ban, "end this session").</summary>
    public void End() => Cancel("session ended");

    /// <summary>Sends a comment that keeps proxies from closing a quiet stream; not activity of the user.</summary>
    public void KeepAlive() => _outbox.PostUnframed(KeepAliveComment);

    /// <inheritdoc />
    public bool Post(ReadOnlyMemory<byte> encodedLine) => _outbox.Post(encodedLine);

    /// <inheritdoc />
    public Task<bool> TrySendAsync(string line) => _outbox.SendAsync(line);

    /// <inheritdoc />
    public void ExpireIfIdle()
    {
        if (_clock.GetElapsedTime(Volatile.Read(ref _lastHeard)) >= _idleTimeout)
        {
            Cancel("inactivity");
        }
    }

    /// <summary>Refuses later lines and waits for a write in progress, so nothing writes to the response once it ends.</summary>
    public Task CloseAsync() => _outbox.CloseAsync();

    /// <inheritdoc />
    public void Dispose() => _ended.Dispose();

    private void Cancel(string reason)
    {
        _endedBecause ??= reason;
        try
        {
            _ended.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The stream ended meanwhile.
        }
    }
}
