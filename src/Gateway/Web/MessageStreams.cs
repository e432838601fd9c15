using AuthActors.Node.Tokens;

namespace AuthActors.Gateway.Web;

/// <summary>
/// The messages pages' event streams open on this gateway, by user: bounds how many one user may hold at once, keeps
/// them alive while the user gives commands, and ends them at once when their web session ends here (logout).
/// </summary>
internal sealed class MessageStreams
{
    private readonly Dictionary<string, List<(EventStreamOutlet Outlet, string SessionId)>> _byUser = new(StringComparer.Ordinal);

    /// <summary>Adds a stream of the web session <paramref name="claims"/> names; false when the user already holds <paramref name="perUser"/>.</summary>
    public bool TryAdd(AccessTokenClaims claims, EventStreamOutlet outlet, int perUser)
    {
        lock (_byUser)
        {
            if (!_byUser.TryGetValue(claims.Subject, out var open))
            {
                _byUser[claims.Subject] = open = [];
            }

            if (open.Count >= perUser)
            {
                return false;
            }

            open.Add((outlet, claims.SessionId));
            return true;
        }
    }

    /// <summary>Forgets a stream that ended.</summary>
    public void Remove(string userId, EventStreamOutlet outlet)
    {
        lock (_byUser)
        {
            if (_byUser.TryGetValue(userId, out var open) && open.RemoveAll(o => ReferenceEquals(o.Outlet, outlet)) > 0 && open.Count == 0)
            {
                _byUser.Remove(userId);
            }
        }
    }

    /// <summary>The user gave a command: every stream of theirs here starts its inactivity timeout again.</summary>
    public void Touch(string userId)
    {
        foreach (var (outlet, _) in Of(userId))
        {
            outlet.Touch();
        }
    }

    /// <summary>Ends the streams of a web session that just ended on this gateway; other gateways notice at their next check.</summary>
    public void EndWebSession(string userId, string sessionId)
    {
        foreach (var (outlet, session) in Of(userId))
        {
            if (session == sessionId)
            {
                outlet.End();
            }
        }
    }

    private (EventStreamOutlet Outlet, string SessionId)[] Of(string userId)
    {
        lock (_byUser)
        {
            return _byUser.TryGetValue(userId, out var open) ? [.. open] : [];
        }
    }
}
