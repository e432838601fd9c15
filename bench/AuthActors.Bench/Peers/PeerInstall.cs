using System.Diagnostics;
using AuthActors.TestKit;

namespace AuthActors.Bench.Peers;

/// <summary>
/// Installs the peer (<c>bench/peers</c>: oidc-provider) from the npm registry with the committed lock file, once:
/// <c>node_modules</c> is never committed, so a fresh checkout installs it on its first run.
/// </summary>
internal static class PeerInstall
{
    public static string Directory { get; } = Path.Combine(RepositoryLayout.Root, "bench", "peers");

    /// <summary>The version the lock file installed, read from the package itself.</summary>
    public static string InstalledVersion()
    {
        var manifest = Path.Combine(Directory, "node_modules", "oidc-provider", "package.json");
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(manifest));
        return json.RootElement.GetProperty("version").GetString() ?? "?";
    }

    /// <summary>Runs <c>npm ci</c> in <c>bench/peers</c> unless oidc-provider is already there.</summary>
    public static async Task EnsureAsync()
    {
        if (File.Exists(Path.Combine(Directory, "node_modules", "oidc-provider", "package.json")))
        {
            return;
        }

        Console.Error.WriteLine("peers: installing oidc-provider from the npm registry (npm ci in bench/peers)");
        var start = new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund"])
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
        };
        using var npm = Process.Start(start) ?? throw new InvalidOperationException("could not start npm: Node.js and npm are needed for the peers scenario");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var output = await npm.StandardOutput.ReadToEndAsync(timeout.Token);
        await npm.WaitForExitAsync(timeout.Token);
        await Console.Error.WriteAsync(output);
        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci in {Directory} failed ({npm.ExitCode})");
        }
    }
}
