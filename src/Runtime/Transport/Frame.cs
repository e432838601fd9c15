namespace AuthActors.Runtime.Transport;

/// <summary>What a frame is for.</summary>
internal enum FrameKind
{
    /// <summary>The first frame each way: the sender's <see cref="MemberIdentity"/>.</summary>
    Hello,

    /// <summary>A message that expects a reply under the same correlation id.</summary>
    Request,

    /// <summary>The answer to a request.</summary>
    Reply,

    /// <summary>The request failed on the peer; the payload is a <see cref="RemoteFailure"/>.</summary>
    Failure,

    /// <summary>A message that expects no reply.</summary>
    OneWay,
}

/// <summary>
/// One decoded frame. <see cref="Payload"/> is null and <see cref="Problem"/> says why when the payload could not
/// be read (an unknown manifest from a newer peer, a shape that does not fit): the connection survives that, and a
/// request is answered with a failure.
/// </summary>
internal readonly record struct Frame(FrameKind Kind, long CorrelationId, string Manifest, object? Payload, string? Problem = null);
