using System.Globalization;
using System.Text.RegularExpressions;

namespace AuthActors.TestKit;

/// <summary>
/// The gateway as a real child process on free loopback ports, with its own data directory. Tests kill it
/// (SIGKILL) or stop it (SIGTERM) and start it again on the same data to check what survives.
/// </summary>
public sealed partial class GatewayProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private GatewayProcess(ChildProcess process)
    {
        _process = process;
    }

    /// <summary>The login port the process bound.</summary>
    public int Port { get; private set; }

    /// <summary>The session port (online sessions) the process bound.</summary>
    public int SessionPort { get; private set; }

    /// <summary>The HTTP port the process bound.</summary>
    public int HttpPort { get; private set; }

    /// <summary>The base address of the HTTP API, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri HttpAddress => new($"http://127.0.0.1:{HttpPort}/");

    /// <summary>Everything the process printed so far.</summary>
    public string Output => _process.Output;

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The operating system's id of the process (its memory: <see cref="ProcessMemory.Of"/>).</summary>
    public int ProcessId => _process.ProcessId;

    /// <summary>
    /// Starts the gateway on <paramref name="dataDirectory"/> (with command-line <paramref name="arguments"/>, e.g.
    /// <c>--log-format json</c>) and waits until its login, session and HTTP ports listen.
    /// </summary>
    public static async Task<GatewayProcess> StartAsync(
        string dataDirectory, IReadOnlyDictionary<string, string>? settings = null, IReadOnlyList<string>? arguments = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["AUTHACTORS_DATA"] = dataDirectory,
            ["AUTHACTORS_GATEWAY__TCP__PORT"] = "0",
            ["AUTHACTORS_GATEWAY__HTTP__PORT"] = "0",
            ["AUTHACTORS_GATEWAY__SESSION__PORT"] = "0",
            ["AUTHACTORS_CLUSTER__TRANSPORT__PORT"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var gateway = new GatewayProcess(ChildProcess.Start("gateway", RepositoryLayout.GatewayDll, dataDirectory, environment, arguments));
        gateway.Port = await PortAsync(gateway._process, ListeningLine());
        gateway.HttpPort = await PortAsync(gateway._process, HttpListeningLine());
        gateway.SessionPort = await PortAsync(gateway._process, SessionListeningLine());
        return gateway;
    }

    /// <summary>Ends the process at once, as a crash or power cut would (SIGKILL): nothing is flushed.</summary>
    public Task KillAsync() => _process.KillAsync();

    /// <summary>Asks the process to stop as Ctrl+C does (SIGTERM) and returns its exit code.</summary>
    public Task<int> StopAsync() => _process.StopAsync();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static async Task<int> PortAsync(ChildProcess process, Regex line) =>
        int.Parse(await process.WaitForLineAsync(line), CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Login port listening on [0-9.]+:(\d+)")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"Session port listening on [0-9.]+:(\d+)")]
    private static partial Regex SessionListeningLine();

    [GeneratedRegex(@"HTTP port listening on [0-9.]+:(\d+)")]
    private static partial Regex HttpListeningLine();
}
