using System.Collections.Concurrent;
using System.Diagnostics;
using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Sessions;

/// <summary>The interactive client (<c>AuthActors.Gateway client</c>) as a child process: type lines, await printed ones.</summary>
internal sealed class ClientProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _printed = [];

    private ClientProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _printed.Add(e.Data);
            }
        };
        process.BeginOutputReadLine();
    }

    /// <summary>Starts the client on a loopback session port; <paramref name="options"/> are more of its options (<c>--tls</c>, say).</summary>
    public static ClientProcess Start(int port, params string[] options)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[RepositoryLayout.GatewayDll, "client", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. options])
        {
            start.ArgumentList.Add(argument);
        }

        return new ClientProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    public async Task TypeAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits for a printed line that satisfies <paramref name="match"/>, skipping others; returns it.</summary>
    public async Task<string> ExpectAsync(Func<string, bool> match, string description)
    {
        var until = DateTime.UtcNow + Eventually.DefaultDeadline;
        var seen = new List<string>();
        while (DateTime.UtcNow < until)
        {
            var line = await Task.Run(() => _printed.TryTake(out var l, TimeSpan.FromMilliseconds(200)) ? l : null);
            if (line is null)
            {
                continue;
            }

            if (match(line))
            {
                return line;
            }

            seen.Add(line);
        }

        throw new TimeoutException($"the client did not print {description}; it printed: {string.Join(" | ", seen)}");
    }

    public Task<string> ExpectAsync(string exact) => ExpectAsync(line => line == exact, exact);

    public Task<int> ExitCodeAsync() => _process.WaitForExitAsync().WaitAsync(Eventually.DefaultDeadline).ContinueWith(_ => _process.ExitCode, TaskScheduler.Default);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(Eventually.DefaultDeadline);
        }

        _process.Dispose();
        _printed.Dispose();
    }
}
