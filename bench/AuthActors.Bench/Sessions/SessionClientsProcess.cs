using System.Diagnostics;
using System.Globalization;

namespace AuthActors.Bench.Sessions;

/// <summary>
/// A <see cref="SessionClientsChild"/> process seen from the harness: started on this harness's own assembly, its
/// latest status read from its output, stopped by closing its input.
/// </summary>
internal sealed class SessionClientsProcess : IAsyncDisposable
{
    private readonly Process _process;
    private (int Opened, int Failed, long Lines) _status;

    private SessionClientsProcess(Process process, int count)
    {
        _process = process;
        Count = count;
    }

    /// <summary>Sessions this process opens.</summary>
    public int Count { get; }

    /// <summary>Sessions opened and failed so far, and the lines they counted.</summary>
    public (int Opened, int Failed, long Lines) Status
    {
        get
        {
            lock (_process)
            {
                return _status;
            }
        }
    }

    /// <summary>The first failure it printed, if any.</summary>
    public string? FirstFailure { get; private set; }

    public static SessionClientsProcess Start(int port, int count, string prefix)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     typeof(SessionClientsChild).Assembly.Location, SessionClientsChild.Mode,
                     "--port", port.ToString(CultureInfo.InvariantCulture),
                     "--clients", count.ToString(CultureInfo.InvariantCulture),
                     "--prefix", prefix,
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var clients = new SessionClientsProcess(process, count);
        process.OutputDataReceived += (_, e) => clients.OnLine(e.Data);
        process.BeginOutputReadLine();
        return clients;
    }

    /// <summary>Tells the process to disconnect its sessions and exit (its input closes), and waits for it.</summary>
    public async Task<int> CloseAsync(TimeSpan deadline)
    {
        _process.StandardInput.Close();
        using var bound = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(bound.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            return -1;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (SessionClientsChild.ParseStatus(line) is { } status)
        {
            lock (_process)
            {
                _status = status;
            }
        }
        else if (line.StartsWith("failure ", StringComparison.Ordinal))
        {
            FirstFailure ??= line["failure ".Length..];
        }
    }
}
