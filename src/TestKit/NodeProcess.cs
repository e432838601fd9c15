using System.Text.RegularExpressions;

namespace AuthActors.TestKit;

/// <summary>
/// A cluster node as a real child process on a free loopback transport port. Nodes of one test cluster share a data
/// directory (one SQLite file) or a PostgreSQL database, the pepper and the token key, as nodes on one machine do.
/// </summary>
public sealed partial class NodeProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private NodeProcess(ChildProcess process, string name)
    {
        _process = process;
        Name = name;
    }

    /// <summary>The node's configured name.</summary>
    public string Name { get; }

    /// <summary>The member id it joined as, e.g. <c>node-1#3</c>.</summary>
    public string MemberId { get; private set; } = "";

    /// <summary>The admin HTTP port the process bound (/healthz, /readyz, /metrics).</summary>
    public int AdminPort { get; private set; }

    /// <summary>The base address of the admin port, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri AdminAddress => new($"http://127.0.0.1:{AdminPort}/");

    /// <summary>Everything the process printed so far.</summary>
    public string Output => _process.Output;

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts a node named <paramref name="name"/> and waits until it has joined the cluster.</summary>
    public static async Task<NodeProcess> StartAsync(string name, string dataDirectory, IReadOnlyDictionary<string, string> settings)
    {
        var environment = new Dictionary<string, string>
        {
            ["AUTHACTORS_DATA"] = dataDirectory,
            ["AUTHACTORS_NODE_NAME"] = name,
            ["AUTHACTORS_CLUSTER__TRANSPORT__PORT"] = "0",
            ["AUTHACTORS_NODE__ADMIN__PORT"] = "0",
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        var node = new NodeProcess(ChildProcess.Start(name, RepositoryLayout.NodeDll, dataDirectory, environment), name);
        node.MemberId = await node._process.WaitForLineAsync(JoinedLine());
        node.AdminPort = int.Parse(await node._process.WaitForLineAsync(AdminListeningLine()), System.Globalization.CultureInfo.InvariantCulture);
        return node;
    }

    /// <summary>Ends the process at once (SIGKILL): no hand-off, no leave, nothing flushed.</summary>
    public Task KillAsync() => _process.KillAsync();

    /// <summary>Freezes the process (SIGSTOP), as a long GC pause or a stalled VM would: it neither works nor dies.</summary>
    public Task PauseAsync() => _process.SignalAsync("-STOP");

    /// <summary>Lets a paused process run on (SIGCONT), unaware of the time that passed.</summary>
    public Task ResumeAsync() => _process.SignalAsync("-CONT");

    /// <summary>Completes when the process has exited, with its exit code.</summary>
    public Task<int> ExitedAsync() => _process.ExitedAsync();

    /// <summary>Asks the process to stop (SIGTERM): it leaves and hands its shards off; returns the exit code.</summary>
    public Task<int> StopAsync() => _process.StopAsync();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _process.DisposeAsync();

    [GeneratedRegex(@"Admin port listening on [0-9.]+:(\d+)")]
    private static partial Regex AdminListeningLine();

    [GeneratedRegex(@"Joined the cluster as (\S+)")]
    private static partial Regex JoinedLine();
}
