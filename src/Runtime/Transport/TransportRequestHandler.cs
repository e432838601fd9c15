namespace AuthActors.Runtime.Transport;

/// <summary>
/// What a node does with a message from a peer: the reply for a request (ignored for a one-way message). The
/// token is cancelled when the connection closes. An exception becomes a failure frame with a safe text.
/// </summary>
public delegate Task<object> TransportRequestHandler(object message, CancellationToken cancellationToken);
