namespace AuthActors.Node.Hosting;

/// <summary>What a host opens before it is built (storage, keys, membership), closed after it in reverse order.</summary>
public sealed class HostResources : IAsyncDisposable
{
    private readonly Stack<Func<ValueTask>> _close = new();

    /// <summary>Takes <paramref name="resource"/> to close; returns it.</summary>
    public T Add<T>(T resource)
        where T : IAsyncDisposable
    {
        _close.Push(resource.DisposeAsync);
        return resource;
    }

    /// <summary>Takes <paramref name="resource"/> to close; returns it.</summary>
    public T AddDisposable<T>(T resource)
        where T : IDisposable
    {
        _close.Push(() =>
        {
            resource.Dispose();
            return ValueTask.CompletedTask;
        });
        return resource;
    }

    /// <summary>
    /// Starts a host with a fresh set of resources: <paramref name="start"/> opens them as it goes; if it fails, what
    /// it opened so far is closed before the failure goes on. On success the running host owns them.
    /// </summary>
    public static async Task<RunningHost> StartWithAsync(Func<HostResources, Task<RunningHost>> start)
    {
        ArgumentNullException.ThrowIfNull(start);
        var resources = new HostResources();
        try
        {
            return await start(resources);
        }
        catch
        {
            await resources.DisposeAsync();
            throw;
        }
    }

    /// <summary>Closes everything, last opened first.</summary>
    public async ValueTask DisposeAsync()
    {
        while (_close.TryPop(out var close))
        {
            await close();
        }
    }
}
