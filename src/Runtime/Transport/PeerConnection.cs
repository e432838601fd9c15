using System.IO.Pipelines;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;

namespace AuthActors.Runtime.Transport;

/// <summary>
/// One multiplexed connection to one peer: any number of requests in flight, matched to replies by correlation
/// id, written by a single writer loop. It connects at once and keeps reconnecting with capped, jittered backoff.
/// While it connects, requests queue (bounded); while it waits to reconnect, they fail at once with
/// <see cref="PeerUnavailableException"/>, as do the requests in flight when a connection drops.
/// </summary>
public sealed class PeerConnection : IAsyncDisposable
{
    private readonly MemberIdentity _local;
    private readonly WireSerializer _serializer;
    private readonly TransportOptions _options;
    private readonly TimeProvider _time;
    private readonly Random _jitter;
    private readonly ILogger _logger;
    private readonly TransportSecurity _security;
    private readonly RequestCorrelator _requests = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly Task _running;
    private FrameWriter _writer;
    private PeerState _state = PeerState.Connecting;
    private MemberIdentity? _peer;
    private Exception? _lastFailure;

    /// <summary>Starts connecting to <paramref name="address"/>.</summary>
    public PeerConnection(
        PeerAddress address, MemberIdentity local, WireSerializer serializer, TransportOptions options, TimeProvider time, ILogger logger, Random? jitter = null, TransportSecurity? security = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Address = address;
        _local = local;
        _serializer = serializer;
        _options = options;
        _time = time;
        _logger = logger;
        _jitter = jitter ?? Random.Shared;
        _security = security ?? TransportSecurity.Plain;
        _writer = new FrameWriter(options.SendQueueLimit);
        _running = Task.Run(RunAsync);
    }

    private enum PeerState
    {
        Connecting,
        Connected,
        WaitingToReconnect,
        Disposed,
    }

    /// <summary>Where the peer listens.</summary>
    public PeerAddress Address { get; }

    /// <summary>True while a connection is up and past its handshake.</summary>
    public bool IsConnected
    {
        get
        {
            lock (_gate)
            {
                return _state == PeerState.Connected;
            }
        }
    }

    /// <summary>Who answered the last handshake; null before the first.</summary>
    public MemberIdentity? Peer
    {
        get
        {
            lock (_gate)
            {
                return _peer;
            }
        }
    }

    /// <summary>Sends <paramref name="message"/> and awaits the peer's reply.</summary>
    /// <param name="message">A message of a type registered with the <see cref="WireSerializer"/>.</param>
    /// <param name="timeout">How long to wait for the reply; <c>request-timeout</c> when null.</param>
    /// <param name="cancellationToken">Stops waiting; the reply, if it comes, is dropped.</param>
    /// <exception cref="TimeoutException">No reply within the timeout; the request may still have run on the peer.</exception>
    /// <exception cref="PeerUnavailableException">The peer is unreachable, or the connection dropped before the reply.</exception>
    /// <exception cref="SendQueueFullException">Too many frames already wait to be written to this peer.</exception>
    /// <exception cref="RemoteFailureException">The peer failed to handle the request.</exception>
    /// <exception cref="FrameTooLargeException">The request passes <c>max-frame-size</c>; it was not sent.</exception>
    /// <exception cref="InvalidOperationException">The message's type has no wire manifest.</exception>
    public async Task<object> RequestAsync(object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var writer = WriterOrThrow();
        var (id, reply) = _requests.Start();
        try
        {
            Enqueue(writer, new OutgoingFrame(id, FrameCodec.Encode(FrameKind.Request, id, message, _serializer, _options.MaxFrameBytes)));
            var wait = timeout ?? _options.RequestTimeout;
            try
            {
                return await reply.WaitAsync(wait, _time, cancellationToken);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"no reply from {Address} to {_serializer.ManifestOf(message)} within {wait}");
            }
        }
        finally
        {
            _requests.Forget(id);
        }
    }

    /// <summary>Queues a message that expects no reply; delivery is not confirmed.</summary>
    /// <exception cref="PeerUnavailableException">The peer is unreachable.</exception>
    /// <exception cref="SendQueueFullException">Too many frames already wait to be written to this peer.</exception>
    public void Send(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var writer = WriterOrThrow();
        Enqueue(writer, new OutgoingFrame(0, FrameCodec.Encode(FrameKind.OneWay, 0, message, _serializer, _options.MaxFrameBytes)));
    }

    /// <summary>Closes the connection, stops reconnecting and fails what still waits.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_state == PeerState.Disposed)
            {
                return;
            }

            _state = PeerState.Disposed;
        }

        await _stopping.CancelAsync();
        await _running;
        _stopping.Dispose();

        // The loop fails what waits when it ends; this also catches a request that raced in while it was ending, so
        // that nothing waits on a closed connection for its whole timeout.
        FrameWriter writer;
        lock (_gate)
        {
            writer = _writer;
        }

        var closed = new PeerUnavailableException($"the connection to {Address} is closed");
        var notSent = new PeerUnavailableException(closed.Message) { NotSent = true };
        foreach (var unsent in writer.Stop())
        {
            _requests.Fail(unsent.CorrelationId, notSent);
        }

        _requests.FailAll(closed);
    }

    private FrameWriter WriterOrThrow()
    {
        lock (_gate)
        {
            return _state switch
            {
                PeerState.Disposed => throw new PeerUnavailableException($"the connection to {Address} is closed") { NotSent = true },
                PeerState.WaitingToReconnect => throw new PeerUnavailableException($"{Address} is unavailable: {_lastFailure?.Message}", _lastFailure) { NotSent = true },
                _ => _writer,
            };
        }
    }

    private void Enqueue(FrameWriter writer, OutgoingFrame frame)
    {
        if (writer.TryQueue(frame))
        {
            return;
        }

        if (!writer.IsStopped)
        {
            throw new SendQueueFullException($"the send queue to {Address} is full ({_options.SendQueueLimit} frames)");
        }

        // The connection ended between picking its writer and queueing: say why it ended (a refused handshake, say),
        // as a request queued a moment earlier would have been told.
        Exception? why;
        lock (_gate)
        {
            why = _lastFailure;
        }

        throw new PeerUnavailableException($"the connection to {Address} dropped{(why is null ? "" : ": " + why.Message)}", why) { NotSent = true };
    }

    private async Task RunAsync()
    {
        var failures = 0;
        while (!_stopping.IsCancellationRequested)
        {
            FrameWriter writer;
            lock (_gate)
            {
                writer = _writer;
            }

            Exception failure;
            try
            {
                failure = await ConnectAndServeAsync(writer, () => failures = 0);
            }
            catch (Exception error) when (error is not OperationCanceledException || !_stopping.IsCancellationRequested)
            {
                failure = error;
            }
            catch (OperationCanceledException)
            {
                failure = new PeerUnavailableException($"the connection to {Address} is closed");
            }

            Drop(writer, failure);
            if (_stopping.IsCancellationRequested)
            {
                break;
            }

            var delay = ReconnectBackoff.Delay(failures, _options.ReconnectMinBackoff, _options.ReconnectMaxBackoff, _jitter.NextDouble());
            // The first failure in a row is news; the retries of a peer that stays away are not.
            _logger.Log(failures++ == 0 ? LogLevel.Warning : LogLevel.Debug, "Connection to {Peer} failed or dropped ({Problem}); reconnecting in {Delay}", Address, failure.Message, delay);
            try
            {
                await Task.Delay(delay, _time, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            lock (_gate)
            {
                if (_state == PeerState.Disposed)
                {
                    break;
                }

                _writer = new FrameWriter(_options.SendQueueLimit);
                _state = PeerState.Connecting;
            }
        }
    }

    // Returns why the connection ended; the caller fails what was waiting.
    private async Task<Exception> ConnectAndServeAsync(FrameWriter writer, Action connected)
    {
        await using var stream = await ConnectAsync();
        var input = PipeReader.Create(stream);
        var output = PipeWriter.Create(stream);
        var reader = new FrameReader(input, _serializer, _options.MaxFrameBytes);
        var peer = await HandshakeAsync(reader, output);
        lock (_gate)
        {
            if (_state == PeerState.Disposed)
            {
                return new PeerUnavailableException($"the connection to {Address} is closed");
            }

            _state = PeerState.Connected;
            _peer = peer;
        }

        connected();
        _logger.LogInformation("Connected to {MemberId} (incarnation {Incarnation}) at {Peer}", peer.MemberId, peer.Incarnation, Address);
        using var session = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        var writing = writer.RunAsync(output, session.Token);
        var reading = ReadRepliesAsync(reader, session.Token);
        var ended = await Task.WhenAny(writing, reading);
        await session.CancelAsync();
        var failure = ended.Exception?.InnerException ?? new IOException($"{Address} closed the connection");
        // Why it ended is known already; the other loop's cancellation is no news.
        await Task.WhenAll(writing, reading).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await input.CompleteAsync();
        await output.CompleteAsync();
        return failure;
    }

    private async Task<Stream> ConnectAsync()
    {
        using var deadline = new CancellationTokenSource(_options.ConnectTimeout, _time);
        using var connecting = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, deadline.Token);
        try
        {
            return await TransportEndpoints.ConnectAsync(Address, _security, connecting.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !_stopping.IsCancellationRequested)
        {
            throw new TimeoutException($"connecting to {Address} took longer than {_options.ConnectTimeout}");
        }
    }

    // Our hello first, then the peer's answer: its hello, or a failure saying why it refuses.
    private async Task<MemberIdentity> HandshakeAsync(FrameReader reader, PipeWriter output)
    {
        using var deadline = new CancellationTokenSource(_options.ConnectTimeout, _time);
        using var greeting = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, deadline.Token);
        try
        {
            await output.WriteAsync(FrameCodec.Encode(FrameKind.Hello, 0, _local, _serializer, _options.MaxFrameBytes), greeting.Token);
            return await reader.ReadAsync(greeting.Token) switch
            {
                { Kind: FrameKind.Hello, Payload: MemberIdentity peer } when peer.ClusterName == _local.ClusterName => peer,
                { Kind: FrameKind.Hello, Payload: MemberIdentity } => throw new PeerUnavailableException($"{Address} belongs to another cluster"),
                { Kind: FrameKind.Failure, Payload: RemoteFailure refusal } => throw new PeerUnavailableException($"{Address} refused the connection: {refusal.Message}"),
                null => throw new PeerUnavailableException($"{Address} closed the connection during the handshake{RefusalHint}"),
                _ => throw new FrameFormatException($"{Address} answered the hello with a {nameof(FrameKind)} other than hello"),
            };
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !_stopping.IsCancellationRequested)
        {
            throw new TimeoutException($"{Address} did not answer the hello within {_options.ConnectTimeout}");
        }
        catch (Exception error) when (_security.IsMutualTls && error is IOException or AuthenticationException)
        {
            // In TLS 1.3 the server checks the client's certificate after the client's handshake has completed, so a
            // refusal of ours shows up here, as an alert or a closed stream on the first read.
            throw new PeerUnavailableException($"{Address} closed the connection during the handshake{RefusalHint}: {error.Message}", error);
        }
    }

    private string RefusalHint => _security.IsMutualTls ? " (it refuses a certificate that the cluster CA did not sign)" : "";

    private async Task ReadRepliesAsync(FrameReader reader, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken) is { } frame)
        {
            if (frame.Kind is not (FrameKind.Reply or FrameKind.Failure))
            {
                throw new FrameFormatException($"{Address} sent a {frame.Kind} frame where replies were expected");
            }

            if (!_requests.Complete(frame))
            {
                _logger.LogDebug("Dropped a late {Manifest} reply from {Peer} (correlation {CorrelationId})", frame.Manifest, Address, frame.CorrelationId);
            }
        }
    }

    // Everything that waited on this connection fails now, so callers can retry elsewhere instead of timing out.
    private void Drop(FrameWriter writer, Exception failure)
    {
        lock (_gate)
        {
            _lastFailure = failure;
            if (_state != PeerState.Disposed)
            {
                _state = PeerState.WaitingToReconnect;
            }
        }

        var unavailable = failure as PeerUnavailableException
            ?? new PeerUnavailableException($"the connection to {Address} dropped: {failure.Message}", failure);

        // Frames still queued were never written (a request queued while the connection was being made to a peer
        // that had died): the caller may send them again elsewhere. Only those already written may have run.
        var notSent = new PeerUnavailableException(unavailable.Message, unavailable.InnerException) { NotSent = true };
        foreach (var unsent in writer.Stop())
        {
            _requests.Fail(unsent.CorrelationId, notSent);
        }

        _requests.FailAll(unavailable);
    }
}
