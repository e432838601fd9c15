using Akka.Actor;

namespace AuthActors.Node.Users;

/// <summary>
/// A bound on the users live in this process (<c>entities.max-live</c>): Akka.NET 1.5's sharding passivates by idle
/// time only, so a burst of distinct users would otherwise keep every one of them in memory until their idle time
/// runs out. Past the bound, the least recently active user is asked to passivate; it is recovered from the journal
/// on its next message, so nothing is lost but a recovery's time.
/// </summary>
public sealed class LiveUserBudget(int maxLive)
{
    private readonly Lock _lock = new();
    private readonly LinkedList<IActorRef> _byRecency = new();
    private readonly Dictionary<IActorRef, LinkedListNode<IActorRef>> _nodes = [];

    /// <summary>Users live now.</summary>
    public int Live
    {
        get
        {
            lock (_lock)
            {
                return _nodes.Count;
            }
        }
    }

    /// <summary>A user started (or handled a command): it is now the most recently active; returns one to passivate, if any.</summary>
    public IActorRef? Touched(IActorRef user)
    {
        lock (_lock)
        {
            if (_nodes.TryGetValue(user, out var node))
            {
                _byRecency.Remove(node);
                _byRecency.AddFirst(node);
                return null;
            }

            _nodes[user] = _byRecency.AddFirst(user);
            return _nodes.Count > maxLive && _byRecency.Last is { } oldest && oldest.Value != user ? Forget(oldest) : null;
        }
    }

    /// <summary>A user stopped: passivated, handed off or failed.</summary>
    public void Stopped(IActorRef user)
    {
        lock (_lock)
        {
            if (_nodes.TryGetValue(user, out var node))
            {
                Forget(node);
            }
        }
    }

    // The chosen one leaves the count at once, so a burst passivates one user per newcomer, not the same one each time.
    private IActorRef Forget(LinkedListNode<IActorRef> node)
    {
        _byRecency.Remove(node);
        _nodes.Remove(node.Value);
        return node.Value;
    }
}
