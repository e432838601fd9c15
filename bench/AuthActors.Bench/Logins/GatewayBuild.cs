using System.Diagnostics;
using AuthActors.TestKit;

namespace AuthActors.Bench.Logins;

/// <summary>Builds the gateway in the bench's own configuration, so the process started is the code measured.</summary>
internal static class GatewayBuild
{
    /// <summary>Runs <c>dotnet build</c> (incremental, so quick when up to date); its output goes to stderr.</summary>
    public static async Task RunAsync()
    {
        var project = Path.Combine(RepositoryLayout.Root, "src", "Gateway", "AuthActors.Gateway.csproj");
        var start = new ProcessStartInfo("dotnet", ["build", "-c", RepositoryLayout.Configuration, project, "--nologo", "-v", "q"])
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
            throw new InvalidOperationException($"dotnet build of {project} failed ({build.ExitCode})");
        }
    }
}
