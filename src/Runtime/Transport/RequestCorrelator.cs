using System.Collections.Concurrent;

namespace AuthActors.Runtime.Transport;

/// <summary>
/// Requests on one connection waiting for their replies, by correlation id. A reply for an id no longer waiting
/// (timed out, cancelled) is dropped.
/// </summary>
internal sealed class RequestCorrelator
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource<object>> _waiting = new();
    private long _lastId;

    /// <summary>How many requests wait.</summary>
    public int Count => _waiting.Count;

    /// <summary>A new correlation id and the task its reply completes.</summary>
    public (long Id, Task<object> Reply) Start()
    {
        var id = Interlocked.Increment(ref _lastId);
        var reply = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[id] = reply;
        return (id, reply.Task);
    }

    /// <summary>Stops waiting for <paramref name="id"/>; a reply arriving later is dropped.</summary>
    public void Forget(long id) => _waiting.TryRemove(id, out _);

    /// <summary>Completes the request a reply or failure frame answers; false when nobody waits for it any more.</summary>
    public bool Complete(Frame frame)
    {
        if (!_waiting.TryRemove(frame.CorrelationId, out var reply))
        {
            return false;
        }

        if (frame.Payload is null)
        {
            reply.TrySetException(new RemoteFailureException($"the reply could not be read: {frame.Problem}"));
        }
        else if (frame.Kind == FrameKind.Failure)
        {
            reply.TrySetException(new RemoteFailureException(((RemoteFailure)frame.Payload).Message));
        }
        else
        {
            reply.TrySetResult(frame.Payload);
        }

        return true;
    }

    /// <summary>Fails one waiting request.</summary>
    public void Fail(long id, Exception error)
    {
        if (_waiting.TryRemove(id, out var reply))
        {
            reply.TrySetException(error);
        }
    }

    /// <summary>Fails every waiting request, as when the connection drops.</summary>
    public void FailAll(Exception error)
    {
        foreach (var id in _waiting.Keys)
        {
            Fail(id, error);
        }
    }
}
