using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace AuthActors.Bench.Peers;

/// <summary>
/// The peer as a real child process: <c>node bench/peers/server.js</c> on a free loopback port, stopped with SIGTERM.
/// Its output is drained (and kept for the error message) so that a full pipe never stalls it.
/// </summary>
internal sealed partial class PeerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);
    private readonly Process process;
    private readonly List<string> output = [];
    private readonly TaskCompletionSource<int> port = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PeerProcess(Process process)
    {
        this.process = process;
    }

    /// <summary>The operating system's id of the node process, to read its CPU time.</summary>
    public int ProcessId => process.Id;

    /// <summary>The base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; private set; } = null!;

    public static async Task<PeerProcess> StartAsync()
    {
        var start = new ProcessStartInfo("node", ["server.js", "0"])
        {
            WorkingDirectory = PeerInstall.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Production mode: no development warnings per request, the way an operator would run it.
        start.Environment["NODE_ENV"] = "production";
        var peer = new PeerProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start node"));
        peer.process.OutputDataReceived += (_, e) => peer.OnLine(e.Data);
        peer.process.ErrorDataReceived += (_, e) => peer.OnLine(e.Data);
        peer.process.BeginOutputReadLine();
        peer.process.BeginErrorReadLine();
        _ = peer.process.WaitForExitAsync().ContinueWith(
            _ => peer.port.TrySetException(new InvalidOperationException("the peer exited before it listened:\n" + peer.Output)),
            TaskScheduler.Default);
        var bound = await peer.port.Task.WaitAsync(StartDeadline);
        peer.Address = new Uri($"http://127.0.0.1:{bound}/");
        return peer;
    }

    public string Output
    {
        get
        {
            lock (output)
            {
                return string.Join('\n', output);
            }
        }
    }

    /// <summary>SIGTERM, then the exit code.</summary>
    public async Task<int> StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await process.WaitForExitAsync().WaitAsync(StartDeadline);
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Add(line);
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            port.TrySetResult(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
        }
    }

    [GeneratedRegex(@"peer listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningLine();
}
