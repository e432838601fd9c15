using AuthActors.Runtime.Diagnostics;
using System.Collections.Concurrent;
using System.Net;

namespace AuthActors.Gateway.Tcp;

/// <summary>Counts open connections per client address so one address cannot take every connection.</summary>
internal sealed class ConnectionsPerAddress
{
    private readonly ConcurrentDictionary<IPAddress, int> _open = new();

    /// <summary>Takes a place for <paramref name="address"/>; false when it already has <paramref name="limit"/>.</summary>
    public bool TryEnter(IPAddress address, int limit)
    {
        while (true)
        {
            var current = _open.GetOrAdd(address, 0);
            if (current >= limit)
            {
                AuthActorsMeter.Refused("connections-per-address");
                return false;
            }

            if (_open.TryUpdate(address, current + 1, current))
            {
                return true;
            }
        }
    }

    /// <summary>Gives the place back.</summary>
    public void Leave(IPAddress address)
    {
        while (true)
        {
            var current = _open.GetValueOrDefault(address);
            if (current <= 1)
            {
                // Remove only if still 1, so a concurrent enter is never lost.
                if (_open.TryRemove(new KeyValuePair<IPAddress, int>(address, current)) || current == 0)
                {
                    return;
                }
            }
            else if (_open.TryUpdate(address, current - 1, current))
            {
                return;
            }
        }
    }
}
