using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthActors.Runtime.Transport;

/// <summary>
/// Serves one peer connection: a hello each way first (a peer of another cluster is refused and closed), then
/// requests handled concurrently, up to <c>max-in-flight-per-connection</c> at once, their replies written by one
/// writer loop. A frame past <c>max-frame-size</c> or bytes that are not a frame close the connection.
/// </summary>
public sealed class TransportConnectionHandler(
    WireSerializer serializer,
    MemberIdentity local,
    TransportRequestHandler handle,
    IOptions<TransportOptions> options,
    TimeProvider time,
    ILogger<TransportConnectionHandler> logger) : ConnectionHandler
{
    /// <inheritdoc />
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var settings = options.Value;
        var closeRequested = connection.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested ?? CancellationToken.None;
        using var serving = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed, closeRequested);
        var reader = new FrameReader(connection.Transport.Input, serializer, settings.MaxFrameBytes);
        var writer = new FrameWriter(settings.MaxInFlightPerConnection + 1);
        var writing = writer.RunAsync(connection.Transport.Output, connection.ConnectionClosed);
        using var inFlight = new SemaphoreSlim(settings.MaxInFlightPerConnection);
        try
        {
            var peer = await GreetAsync(connection, reader, writer, settings, serving.Token);
            if (peer is not null)
            {
                logger.LogInformation("Peer {MemberId} (incarnation {Incarnation}) connected from {Remote}", peer.MemberId, peer.Incarnation, connection.RemoteEndPoint);
                await ServeAsync(reader, writer, inFlight, settings, serving.Token);
            }
        }
        catch (FrameTooLargeException error)
        {
            logger.LogWarning("Closing transport connection from {Remote}: {Problem}", connection.RemoteEndPoint, error.Message);
        }
        catch (FrameFormatException error)
        {
            logger.LogWarning("Closing transport connection from {Remote}: {Problem}", connection.RemoteEndPoint, error.Message);
        }
        catch (Exception error) when (error is OperationCanceledException or ConnectionResetException or IOException)
        {
            // The peer went away or the server is stopping: nothing is left to answer.
        }
        finally
        {
            await serving.CancelAsync();
            await DrainAsync(inFlight, settings);
            writer.Complete();
            await FinishWritingAsync(writing, settings.ConnectTimeout);
        }
    }

    // The peer speaks first: its hello within connect-timeout, of the same cluster, or the connection closes.
    private async Task<MemberIdentity?> GreetAsync(
        ConnectionContext connection, FrameReader reader, FrameWriter writer, TransportOptions settings, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(settings.ConnectTimeout, time);
        using var greeting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        Frame? hello;
        try
        {
            hello = await reader.ReadAsync(greeting.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            logger.LogWarning("Closing transport connection from {Remote}: no hello within {Timeout}", connection.RemoteEndPoint, settings.ConnectTimeout);
            return null;
        }

        if (hello is not { Kind: FrameKind.Hello, Payload: MemberIdentity peer })
        {
            if (hello is not null)
            {
                logger.LogWarning("Closing transport connection from {Remote}: the first frame is not a hello", connection.RemoteEndPoint);
            }

            return null;
        }

        if (!string.Equals(peer.ClusterName, local.ClusterName, StringComparison.Ordinal))
        {
            logger.LogWarning(
                "Refused peer {MemberId} from {Remote}: it belongs to cluster '{PeerCluster}', this node to '{Cluster}'",
                peer.MemberId, connection.RemoteEndPoint, peer.ClusterName, local.ClusterName);
            Queue(writer, FrameKind.Failure, 0, new RemoteFailure("refused: wrong cluster name"));
            return null;
        }

        Queue(writer, FrameKind.Hello, 0, local);
        return peer;
    }

    private async Task ServeAsync(FrameReader reader, FrameWriter writer, SemaphoreSlim inFlight, TransportOptions settings, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken) is { } frame)
        {
            if (frame.Kind is not (FrameKind.Request or FrameKind.OneWay))
            {
                throw new FrameFormatException($"a {frame.Kind} frame where requests were expected");
            }

            // At the bound the loop stops reading: the peer's sends back up instead of this node's memory.
            await inFlight.WaitAsync(cancellationToken);
            _ = DispatchAsync(frame, writer, inFlight, settings, cancellationToken);
        }
    }

    private async Task DispatchAsync(Frame frame, FrameWriter writer, SemaphoreSlim inFlight, TransportOptions settings, CancellationToken cancellationToken)
    {
        // Off the read loop: a handler's synchronous start must not hold up the frames behind it.
        await Task.Yield();
        try
        {
            object reply;
            if (frame.Payload is null)
            {
                logger.LogWarning("Cannot read a {Manifest} request: {Problem}", frame.Manifest, frame.Problem);
                reply = new RemoteFailure($"the peer cannot read {frame.Manifest}");
            }
            else
            {
                reply = await handle(frame.Payload, cancellationToken);
            }

            if (frame.Kind == FrameKind.Request)
            {
                await writer.QueueAsync(EncodeReply(frame, reply, settings), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The connection closed; nobody waits for the reply.
        }
        catch (Exception error)
        {
            logger.LogError(error, "Handling a {Manifest} request (correlation {CorrelationId}) failed", frame.Manifest, frame.CorrelationId);
            if (frame.Kind == FrameKind.Request)
            {
                Queue(writer, FrameKind.Failure, frame.CorrelationId, new RemoteFailure($"{frame.Manifest} failed on the peer"));
            }
        }
        finally
        {
            Release(inFlight);
        }
    }

    // A handler that outlived the drain deadline finds its connection's semaphore gone; there is nothing to release.
    private static void Release(SemaphoreSlim inFlight)
    {
        try
        {
            inFlight.Release();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private OutgoingFrame EncodeReply(Frame request, object reply, TransportOptions settings)
    {
        var kind = reply is RemoteFailure ? FrameKind.Failure : FrameKind.Reply;
        try
        {
            return new OutgoingFrame(request.CorrelationId, FrameCodec.Encode(kind, request.CorrelationId, reply, serializer, settings.MaxFrameBytes));
        }
        catch (Exception error) when (error is FrameTooLargeException or InvalidOperationException)
        {
            logger.LogError("Cannot send the reply to a {Manifest} request: {Problem}", request.Manifest, error.Message);
            var failure = new RemoteFailure($"the reply to {request.Manifest} cannot be sent");
            return new OutgoingFrame(request.CorrelationId, FrameCodec.Encode(FrameKind.Failure, request.CorrelationId, failure, serializer, settings.MaxFrameBytes));
        }
    }

    private void Queue(FrameWriter writer, FrameKind kind, long correlationId, object payload) =>
        writer.TryQueue(new OutgoingFrame(correlationId, FrameCodec.Encode(kind, correlationId, payload, serializer, options.Value.MaxFrameBytes)));

    // Every slot back means every handler has finished; a handler that ignores cancellation is given connect-timeout.
    private async Task DrainAsync(SemaphoreSlim inFlight, TransportOptions settings)
    {
        using var deadline = new CancellationTokenSource(settings.ConnectTimeout, time);
        try
        {
            for (var i = 0; i < settings.MaxInFlightPerConnection; i++)
            {
                await inFlight.WaitAsync(deadline.Token);
            }
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Closing a transport connection with handlers still running after {Timeout}", settings.ConnectTimeout);
        }
    }

    private async Task FinishWritingAsync(Task writing, TimeSpan timeout)
    {
        try
        {
            await writing.WaitAsync(timeout, time);
        }
        catch (Exception error) when (error is OperationCanceledException or TimeoutException or ConnectionResetException or IOException or InvalidOperationException)
        {
            // Frames the peer can no longer receive are dropped with the connection.
        }
    }
}
