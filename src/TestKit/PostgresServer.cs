using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace AuthActors.TestKit;

/// <summary>
/// A PostgreSQL server for tests. <see cref="SharedAsync"/> is the one the whole test process shares: the server
/// named by <c>AUTHACTORS_TEST_POSTGRES</c> (an Npgsql connection string) when set, otherwise a throw-away server
/// started from Debian's binaries (<c>/usr/lib/postgresql/*/bin</c>) in a temporary directory on a free loopback
/// port. <see cref="StartPrivateAsync"/> starts one a test may stop and start again. When neither an external nor a
/// local server is available, both fail with a message saying what to install: PostgreSQL tests never skip.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>The variable naming an external server for the tests.</summary>
    public const string ExternalServerVariable = "AUTHACTORS_TEST_POSTGRES";

    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartSharedAsync);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly LocalCluster? cluster;

    private PostgresServer(string adminConnectionString, LocalCluster? cluster)
    {
        AdminConnectionString = adminConnectionString;
        this.cluster = cluster;
    }

    /// <summary>A connection string to the server's maintenance database, as a superuser.</summary>
    public string AdminConnectionString { get; }

    /// <summary>True when this process started the server, so <see cref="StopAsync"/> and <see cref="StartAsync"/> work.</summary>
    public bool IsLocal => cluster is not null;

    /// <summary>The server every test class shares; each class takes its own database with <see cref="CreateDatabaseAsync"/>.</summary>
    public static Task<PostgresServer> SharedAsync() => Shared.Value;

    /// <summary>A throw-away server of the caller's own, always local, for tests that stop and restart it.</summary>
    public static async Task<PostgresServer> StartPrivateAsync()
    {
        var cluster = await LocalCluster.CreateAsync();
        return new PostgresServer(cluster.AdminConnectionString, cluster);
    }

    /// <summary>Creates a fresh, empty database and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync(string purpose)
    {
        var name = $"authactors_{Sanitize(purpose)}_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        // Identifiers cannot be parameters; the name is built above from [a-z0-9_] only.
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\";", connection);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, cutting its remaining connections.</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name.Replace("\"", "", StringComparison.Ordinal)}\" WITH (FORCE);", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>Stops the server (fast shutdown: open connections are cut, as in a crash of the network).</summary>
    public Task StopAsync() => RequireLocal().StopAsync();

    /// <summary>Starts the stopped server again on the same port and data.</summary>
    public Task StartAsync() => RequireLocal().StartAsync();

    /// <summary>Stops a local server and deletes its data; an external server is left alone.</summary>
    public async ValueTask DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }
    }

    private static async Task<PostgresServer> StartSharedAsync()
    {
        var external = Environment.GetEnvironmentVariable(ExternalServerVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            return new PostgresServer(external, null);
        }

        var server = await StartPrivateAsync();
        // The shared server lives as long as the test process; stop it when the process ends.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.cluster!.StopAndDelete();
        return server;
    }

    private LocalCluster RequireLocal() =>
        cluster ?? throw new InvalidOperationException("only a server this process started can be stopped and started");

    private static string Sanitize(string purpose) =>
        new([.. purpose.ToLowerInvariant().Where(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_').Take(12)]);

    /// <summary>A cluster made by initdb in a temporary directory and run by pg_ctl on a loopback port.</summary>
    private sealed class LocalCluster : IAsyncDisposable
    {
        private readonly string binaries;
        private readonly string root;
        private readonly int port;
        private readonly bool asPostgresUser;
        private int deleted;

        private LocalCluster(string binaries, string root, int port, bool asPostgresUser)
        {
            this.binaries = binaries;
            this.root = root;
            this.port = port;
            this.asPostgresUser = asPostgresUser;
        }

        public string AdminConnectionString => new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "postgres",
            Database = "postgres",
            Pooling = false,
        }.ConnectionString;

        private string DataDirectory => Path.Combine(root, "data");

        public static async Task<LocalCluster> CreateAsync()
        {
            var binaries = FindBinaries() ?? throw new InvalidOperationException(
                "PostgreSQL tests need a server: set " + ExternalServerVariable + " to an Npgsql connection string, or install "
                + "Debian's PostgreSQL (apt-get install postgresql) so that initdb and pg_ctl are in /usr/lib/postgresql/*/bin. "
                + "scripts/test installs it. These tests fail rather than skip without one.");
            var root = Path.Combine(Path.GetTempPath(), "authactors-pg-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(root);
            // initdb refuses to run as root, so as root the cluster belongs to the postgres user.
            var asPostgresUser = Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root";
            var cluster = new LocalCluster(binaries, root, FreeLoopbackPort(), asPostgresUser);
            try
            {
                if (asPostgresUser)
                {
                    await RunAsync("chown", ["postgres:postgres", root]);
                }

                await cluster.RunPostgresToolAsync(
                    "initdb", ["-D", cluster.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
                await cluster.StartAsync();
                return cluster;
            }
            catch
            {
                await cluster.DisposeAsync();
                throw;
            }
        }

        public Task StartAsync() => RunPostgresToolAsync("pg_ctl",
        [
            "-D", DataDirectory, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60",
            "-o", $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={root} -c max_connections=200",
            "start",
        ]);

        public Task StopAsync() => RunPostgresToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"]);

        public async ValueTask DisposeAsync()
        {
            await Task.Run(StopAndDelete);
        }

        /// <summary>Synchronous, for process exit: stops the server if it runs and deletes its directory.</summary>
        public void StopAndDelete()
        {
            if (Interlocked.Exchange(ref deleted, 1) != 0)
            {
                return;
            }

            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                try
                {
                    StopAsync().Wait(CommandTimeout);
                }
                catch (AggregateException)
                {
                    // Deleting the directory below still removes the data; a stuck server dies with its directory.
                }
            }

            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // The OS cleans temporary folders; a leftover directory must not fail a test run.
            }
        }

        private static string? FindBinaries()
        {
            const string debianRoot = "/usr/lib/postgresql";
            if (!Directory.Exists(debianRoot))
            {
                return null;
            }

            return Directory.GetDirectories(debianRoot)
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var v) ? v : 0)
                .FirstOrDefault();
        }

        private static int FreeLoopbackPort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        private Task RunPostgresToolAsync(string tool, IReadOnlyList<string> arguments)
        {
            var path = Path.Combine(binaries, tool);
            return asPostgresUser
                ? RunAsync("runuser", ["-u", "postgres", "--", path, .. arguments])
                : RunAsync(path, arguments);
        }

        private static async Task RunAsync(string program, IReadOnlyList<string> arguments)
        {
            var start = new ProcessStartInfo(program)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Path.GetTempPath(),
            };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(CommandTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within {CommandTimeout}");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}\n{await errors}");
            }
        }
    }
}
