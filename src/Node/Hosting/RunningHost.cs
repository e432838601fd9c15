using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace AuthActors.Node.Hosting;

/// <summary>Where a started host listens; null for what its role or mode does not serve.</summary>
/// <param name="Transport">The transport port for peers (a node; a gateway in cluster mode).</param>
/// <param name="Login">The TCP login port (a gateway).</param>
/// <param name="Session">The session port (a gateway).</param>
/// <param name="Http">The HTTP port (a gateway).</param>
public sealed record HostEndPoints(IPEndPoint? Transport, IPEndPoint? Login = null, IPEndPoint? Session = null, IPEndPoint? Http = null);

/// <summary>
/// A started node or gateway: its bound end points and services, and its stop. A graceful stop is what SIGTERM does
/// to a process; a kill stops it at once without leaving the cluster, handing shards off or releasing leases, as
/// close to kill -9 as a host inside a process gets (appends already queued are still written).
/// </summary>
public sealed class RunningHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HostResources _resources;
    private readonly CancellationTokenSource _kill;
    private readonly Func<bool, Task> _afterStop;
    private readonly Task _stopped;
    private int _disposed;

    /// <summary>
    /// Takes over a started <paramref name="app"/>, the <paramref name="resources"/> opened for it, and the
    /// <paramref name="kill"/> switch its services watch; <paramref name="afterStop"/> runs once the app has stopped
    /// (its argument: whether it was killed), before anything is closed.
    /// </summary>
    public RunningHost(WebApplication app, HostEndPoints endPoints, HostResources resources, CancellationTokenSource kill, Func<bool, Task> afterStop)
    {
        _app = app;
        EndPoints = endPoints;
        _resources = resources;
        _kill = kill;
        _afterStop = afterStop;
        _stopped = RunUntilStoppedAsync();
    }

    /// <summary>Where it listens.</summary>
    public HostEndPoints EndPoints { get; }

    /// <summary>Its services (the shard region, the lease keeper, ...), for tests that look inside.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Completes when the host has stopped: asked to, or on its own (a node the cluster declared down).</summary>
    public Task Stopped => _stopped;

    /// <summary>Stops gracefully (as SIGTERM does) and waits until it has.</summary>
    public async Task StopAsync()
    {
        _app.Lifetime.StopApplication();
        await _stopped;
    }

    /// <summary>Stops at once: no leave, no hand-off, connections aborted; then releases everything.</summary>
    public async Task KillAsync()
    {
        if (Volatile.Read(ref _disposed) == 1)
        {
            return;
        }

        await _kill.CancelAsync();
        await DisposeAsync();
    }

    /// <summary>Stops (gracefully unless killed) if still running, then closes what the host opened, storage last.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopAsync();
        await _app.DisposeAsync();
        await _resources.DisposeAsync();
        _kill.Dispose();
    }

    private async Task RunUntilStoppedAsync()
    {
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (_app.Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult()))
        using (_kill.Token.Register(() => stopping.TrySetResult()))
        {
            await stopping.Task;
        }

        // Killed: a cancelled stop, so Kestrel aborts its connections instead of waiting for them.
        try
        {
            await _app.StopAsync(_kill.Token);
        }
        catch (OperationCanceledException) when (_kill.IsCancellationRequested)
        {
            // A kill waits for nothing.
        }
        await _afterStop(_kill.IsCancellationRequested);
    }
}
