using AuthActors.Runtime.Diagnostics;

namespace AuthActors.Runtime.Entities;

/// <summary>A message in a mailbox with the means to answer its sender.</summary>
internal sealed class Envelope(object message, CancellationToken cancellationToken)
{
    private readonly TaskCompletionSource<object> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public object Message { get; } = message;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>The log scope of the request that sent it (connection and user id), when sent in this process.</summary>
    public RequestLogScope? LogScope { get; } = RequestLogScope.Current;

    public Task<object> Reply => _reply.Task;

    public void Complete(object reply) => _reply.TrySetResult(reply);

    public void Fail(Exception error) => _reply.TrySetException(error);

    public void Cancel() => _reply.TrySetCanceled(CancellationToken);
}
