using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AuthActors.Bench.Logins;

/// <summary>
/// The real gateway executable (Release build) as a child process on a free port and a temp data directory;
/// stopped with SIGTERM, as an operator would, so that it shuts down gracefully.
/// </summary>
internal sealed class GatewayProcess
{
    private const string ReadyLine = "Login port listening on";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);
    private readonly Process process;

    private GatewayProcess(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    public static string Project => Path.Combine(RepositoryRoot(), "src", "Gateway", "AuthActors.Gateway.csproj");

    public static string Executable =>
        Path.Combine(RepositoryRoot(), "src", "Gateway", "bin", "Release", "net10.0", "AuthActors.Gateway.dll");

    /// <summary>Builds the gateway in Release (incremental, so quick when it is up to date).</summary>
    public static async Task BuildAsync()
    {
        // The build's output goes to stderr, so that stdout holds only the tables.
        var start = new ProcessStartInfo("dotnet", ["build", "-c", "Release", Project, "--nologo", "-v", "q"])
        {
            RedirectStandardOutput = true,
        };
        using var build = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet build");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var output = await build.StandardOutput.ReadToEndAsync(timeout.Token);
        await build.WaitForExitAsync(timeout.Token);
        await Console.Error.WriteAsync(output);
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet build of {Project} failed ({build.ExitCode})");
        }
    }

    /// <summary>Starts the gateway and waits for its "listening" log line.</summary>
    public static async Task<GatewayProcess> StartAsync(string dataDirectory)
    {
        if (!File.Exists(Executable))
        {
            throw new FileNotFoundException($"build the gateway first: dotnet build -c Release {Project}", Executable);
        }

        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [Executable])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dataDirectory,
        };
        start.Environment["AUTHACTORS_DATA"] = dataDirectory;
        start.Environment["AUTHACTORS_GATEWAY__TCP__PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains(ReadyLine, StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrEmpty(e.Data))
            {
                Console.Error.WriteLine($"gateway: {e.Data}");
            }
        };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("the gateway exited before listening"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var gateway = new GatewayProcess(process, port);
        try
        {
            await ready.Task.WaitAsync(StartTimeout);
            return gateway;
        }
        catch
        {
            await gateway.StopAsync();
            throw;
        }
    }

    /// <summary>Sends SIGTERM and waits for a graceful exit; kills only if it does not come. Returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            try
            {
                await process.WaitForExitAsync().WaitAsync(StopTimeout);
            }
            catch (TimeoutException)
            {
                Console.Error.WriteLine("gateway did not stop within 20 s of SIGTERM; killing it");
                process.Kill();
                await process.WaitForExitAsync();
            }
        }

        var code = process.ExitCode;
        process.Dispose();
        return code;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AuthActors.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("AuthActors.sln not found above " + AppContext.BaseDirectory);
    }
}
