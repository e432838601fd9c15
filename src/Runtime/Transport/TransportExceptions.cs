namespace AuthActors.Runtime.Transport;

/// <summary>
/// The peer cannot be reached, or the connection dropped before the reply came: the request may not have run, or
/// may have. Callers retry elsewhere (another owner) only with commands that are safe to repeat.
/// </summary>
public sealed class PeerUnavailableException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>True when the request was refused before any byte of it was queued: it certainly did not run.</summary>
    public bool NotSent { get; init; }
}

/// <summary>The send queue to the peer is full: the caller is refused at once instead of waiting behind the backlog.</summary>
public sealed class SendQueueFullException(string message) : Exception(message);

/// <summary>The peer received the request and failed to handle it; <see cref="Exception.Message"/> is the peer's safe text.</summary>
public sealed class RemoteFailureException(string message) : Exception(message);

/// <summary>A frame would pass <c>max-frame-size</c>; it is never sent.</summary>
public sealed class FrameTooLargeException(string message) : Exception(message);

/// <summary>The bytes on a connection break the frame format; the connection is closed.</summary>
public sealed class FrameFormatException(string message, Exception? inner = null) : Exception(message, inner);
