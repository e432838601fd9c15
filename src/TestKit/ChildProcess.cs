using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace AuthActors.TestKit;

/// <summary>
/// A <c>dotnet</c> child process of the tests: started with its own environment, its output kept, lines awaited by
/// pattern, and signals sent the way an operator (or a crash) would: SIGKILL, SIGTERM, SIGSTOP, SIGCONT.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly List<(Regex Pattern, TaskCompletionSource<string> Found)> _waiters = [];
    private readonly string _name;

    private ChildProcess(Process process, string name)
    {
        _process = process;
        _name = name;
    }

    /// <summary>Everything the process printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The operating system's id of the process.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Starts <c>dotnet <paramref name="dll"/> <paramref name="arguments"/></c> in <paramref name="workingDirectory"/> with <paramref name="environment"/>.</summary>
    public static ChildProcess Start(
        string name, string dll, string workingDirectory, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string>? arguments = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments ?? [])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var child = new ChildProcess(process, name);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _ = process.WaitForExitAsync().ContinueWith(_ => child.FailWaiters(), TaskScheduler.Default);
        return child;
    }

    /// <summary>The first group of the first output line matching <paramref name="pattern"/>, waited for with the default deadline.</summary>
    public Task<string> WaitForLineAsync(Regex pattern)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            foreach (var line in _output)
            {
                if (pattern.Match(line) is { Success: true } match)
                {
                    return Task.FromResult(match.Groups[1].Value);
                }
            }

            _waiters.Add((pattern, found));
        }

        if (_process.HasExited)
        {
            FailWaiters();
        }

        return found.Task.WaitAsync(Eventually.DefaultDeadline);
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
        await SignalAsync("-TERM");
        await _process.WaitForExitAsync().WaitAsync(Eventually.DefaultDeadline);
        return _process.ExitCode;
    }

    /// <summary>Sends a signal by name, e.g. <c>-STOP</c>.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [signal, _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync().WaitAsync(Eventually.DefaultDeadline);
    }

    /// <summary>Completes when the process has exited, with its exit code.</summary>
    public async Task<int> ExitedAsync()
    {
        await _process.WaitForExitAsync();
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

        lock (_output)
        {
            _output.Add(line);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Pattern.Match(line) is { Success: true } match)
                {
                    _waiters[i].Found.TrySetResult(match.Groups[1].Value);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    private void FailWaiters()
    {
        lock (_output)
        {
            foreach (var (_, found) in _waiters)
            {
                found.TrySetException(new InvalidOperationException($"{_name} exited before printing what was awaited:\n" + string.Join('\n', _output)));
            }

            _waiters.Clear();
        }
    }
}
