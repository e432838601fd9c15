using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace AuthActors.TestKit;

/// <summary>
/// The gateway as a real child process on a free loopback port, with its own data directory. Tests kill it
/// (SIGKILL) or stop it (SIGTERM) and start it again on the same data to check what survives.
/// </summary>
public sealed partial class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> _httpPort = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> _sessionPort = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GatewayProcess(Process process)
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
    public string Output => string.Join('\n', _output);

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts the gateway on <paramref name="dataDirectory"/> and waits until its login, session and HTTP ports listen.</summary>
    public static async Task<GatewayProcess> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = dataDirectory,
        };
        start.ArgumentList.Add(RepositoryLayout.GatewayDll);
        start.Environment["AUTHACTORS_DATA"] = dataDirectory;
        start.Environment["AUTHACTORS_GATEWAY__TCP__PORT"] = "0";
        start.Environment["AUTHACTORS_GATEWAY__HTTP__PORT"] = "0";
        start.Environment["AUTHACTORS_GATEWAY__SESSION__PORT"] = "0";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var gateway = new GatewayProcess(process);
        process.OutputDataReceived += (_, e) => gateway.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => gateway.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _ = process.WaitForExitAsync().ContinueWith(
            _ =>
            {
                var exited = new InvalidOperationException("gateway exited before listening:\n" + gateway.Output);
                gateway._port.TrySetException(exited);
                gateway._httpPort.TrySetException(exited);
                gateway._sessionPort.TrySetException(exited);
            },
            TaskScheduler.Default);

        gateway.Port = await gateway._port.Task.WaitAsync(Eventually.DefaultDeadline);
        gateway.HttpPort = await gateway._httpPort.Task.WaitAsync(Eventually.DefaultDeadline);
        gateway.SessionPort = await gateway._sessionPort.Task.WaitAsync(Eventually.DefaultDeadline);
        return gateway;
    }

    /// <summary>Ends the process at once, as a crash or power cut would (SIGKILL): nothing is flushed.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WaitAsync(Eventually.DefaultDeadline);
    }

    /// <summary>Asks the process to stop as Ctrl+C does (SIGTERM) and returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync().WaitAsync(Eventually.DefaultDeadline);
        }

        await _process.WaitForExitAsync().WaitAsync(Eventually.DefaultDeadline);
        return _process.ExitCode;
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
        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _port.TrySetResult(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }

        if (SessionListeningLine().Match(line) is { Success: true } session)
        {
            _sessionPort.TrySetResult(int.Parse(session.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }

        if (HttpListeningLine().Match(line) is { Success: true } http)
        {
            _httpPort.TrySetResult(int.Parse(http.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [GeneratedRegex(@"Login port listening on [0-9.]+:(\d+)")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"Session port listening on [0-9.]+:(\d+)")]
    private static partial Regex SessionListeningLine();

    [GeneratedRegex(@"HTTP port listening on [0-9.]+:(\d+)")]
    private static partial Regex HttpListeningLine();
}
