using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace AuthActors.TestKit;

/// <summary>
/// A cluster node as a real child process on a free loopback transport port. Nodes of one test cluster share a data
/// directory (one SQLite file), the pepper and the token key, as nodes on one machine do.
/// </summary>
public sealed partial class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<string> _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private NodeProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    /// <summary>The node's configured name.</summary>
    public string Name { get; }

    /// <summary>The member id it joined as, e.g. <c>node-1#3</c>.</summary>
    public string MemberId { get; private set; } = "";

    /// <summary>Everything the process printed so far.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts a node named <paramref name="name"/> and waits until it has joined the cluster.</summary>
    public static async Task<NodeProcess> StartAsync(string name, string dataDirectory, IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = dataDirectory,
        };
        start.ArgumentList.Add(RepositoryLayout.NodeDll);
        start.Environment["AUTHACTORS_DATA"] = dataDirectory;
        start.Environment["AUTHACTORS_NODE_NAME"] = name;
        start.Environment["AUTHACTORS_CLUSTER__TRANSPORT__PORT"] = "0";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var node = new NodeProcess(process, name);
        process.OutputDataReceived += (_, e) => node.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => node.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _ = process.WaitForExitAsync().ContinueWith(
            _ => node._joined.TrySetException(new InvalidOperationException($"node {name} exited before joining:\n" + node.Output)),
            TaskScheduler.Default);

        node.MemberId = await node._joined.Task.WaitAsync(Eventually.DefaultDeadline);
        return node;
    }

    /// <summary>Ends the process at once (SIGKILL): no hand-off, no leave, nothing flushed.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WaitAsync(Eventually.DefaultDeadline);
    }

    /// <summary>Freezes the process (SIGSTOP), as a long GC pause or a stalled VM would: it neither works nor dies.</summary>
    public Task PauseAsync() => SignalAsync("-STOP");

    /// <summary>Lets a paused process run on (SIGCONT), unaware of the time that passed.</summary>
    public Task ResumeAsync() => SignalAsync("-CONT");

    /// <summary>Completes when the process has exited, with its exit code.</summary>
    public async Task<int> ExitedAsync()
    {
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    /// <summary>Asks the process to stop (SIGTERM): it leaves and hands its shards off; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        await SignalAsync("-TERM");
        await _process.WaitForExitAsync().WaitAsync(Eventually.DefaultDeadline);
        return _process.ExitCode;
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [signal, _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync().WaitAsync(Eventually.DefaultDeadline);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        if (JoinedLine().Match(line) is { Success: true } match)
        {
            _joined.TrySetResult(match.Groups[1].Value);
        }
    }

    [GeneratedRegex(@"Joined the cluster as (\S+)")]
    private static partial Regex JoinedLine();
}
