using System.Diagnostics;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Persistence.Sql;
using AuthActors.Bench.Reporting;
using AuthActors.Node.Hosting;
using AuthActors.Runtime.Persistence.Plugin;
using AuthActors.Runtime.Persistence.Postgres;
using AuthActors.Runtime.Persistence.Sqlite;
using AuthActors.TestKit;
using Microsoft.Data.Sqlite;

namespace AuthActors.Bench.Plugins;

/// <summary>
/// Issue 18: events/s through Akka.Persistence with each journal plugin on each backend, in one run: the project's
/// fenced journal (group commit) and Akka.Persistence.Sql with its defaults and tuned, on SQLite (WAL,
/// synchronous = FULL) and PostgreSQL (synchronous_commit = on). N persistent actors (<c>--clients</c>, default 500)
/// each persist one user event per command in a closed loop; each configuration gets a fresh ActorSystem and database.
/// </summary>
internal static class PluginScenario
{
    private static readonly Config Product = AkkaSettings.BesideTheBuild();

    public static async Task<int> RunAsync(Timing timing, int entities)
    {
        using var directory = new TemporaryDirectory();
        Console.Error.WriteLine("plugins: starting PostgreSQL (AUTHACTORS_TEST_POSTGRES, or a throw-away local cluster)");
        await using var server = string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresServer.ExternalServerVariable))
            ? await PostgresServer.StartPrivateAsync()
            : await PostgresServer.SharedAsync();

        var table = new MarkdownTable("plugin", "backend", "settings", "events/s", "errors");
        foreach (var run in Runs(directory.Path, server))
        {
            var (setup, cleanup) = await run.PrepareAsync();
            try
            {
                var (rate, errors) = await MeasureAsync(setup, entities, timing);
                Console.Error.WriteLine($"plugins: {run.Plugin} on {run.Backend} ({run.Settings}): {rate:N0} events/s, {errors} errors");
                table.Row(run.Plugin, run.Backend, run.Settings, rate, errors);
            }
            finally
            {
                await cleanup();
            }
        }

        table.Print($"Journal plugins: {entities} persistent actors, one event per command, closed loop ({timing.Seconds:N0} s each)");
        return 0;
    }

    private static IEnumerable<PluginRun> Runs(string root, PostgresServer server)
    {
        yield return new("fenced (ours)", "SQLite", "defaults", () => FencedOnSqliteAsync(root));
        yield return AkkaSql("SQLite", "defaults", "", () => SqliteFileAsync(root));
        yield return AkkaSql("SQLite", "parallelism 1, batch-size 400, tags as CSV",
            "parallelism = 1\nbatch-size = 400\ntag-write-mode = Csv", () => SqliteFileAsync(root));
        yield return new("fenced (ours)", "PostgreSQL", "defaults", () => FencedOnPostgresAsync(server));
        yield return AkkaSql("PostgreSQL", "defaults", "", () => PostgresDatabaseAsync(server));
        yield return AkkaSql("PostgreSQL", "parallelism 8, batch-size 400, tags as CSV",
            "parallelism = 8\nbatch-size = 400\ntag-write-mode = Csv", () => PostgresDatabaseAsync(server));
    }

    private static PluginRun AkkaSql(string backend, string settings, string tuning, Func<Task<(string, string, Func<Task>)>> database) =>
        new("Akka.Persistence.Sql", backend, settings, async () =>
        {
            var (connectionString, provider, cleanup) = await database();
            var config = ConfigurationFactory.ParseString($$"""
                akka.persistence.journal.plugin = "akka.persistence.journal.sql"
                akka.persistence.journal.sql {
                  connection-string = "{{connectionString}}"
                  provider-name = "{{provider}}"
                  auto-initialize = true
                  {{tuning}}
                }
                akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.sql"
                akka.persistence.snapshot-store.sql {
                  connection-string = "{{connectionString}}"
                  provider-name = "{{provider}}"
                  auto-initialize = true
                }
                """).WithFallback(Product).WithFallback(SqlPersistence.DefaultConfiguration);
            return (ActorSystemSetup.Create(BootstrapSetup.Create().WithConfig(config)), cleanup);
        });

    private static async Task<(ActorSystemSetup, Func<Task>)> FencedOnSqliteAsync(string root)
    {
        var database = await SqliteDatabase.OpenAsync(
            new SqliteStorageOptions { DatabasePath = Path.Combine(root, $"fenced-{Guid.NewGuid():N}.db") }, CancellationToken.None);
        var journal = new SqliteJournal(database);
        var setup = BootstrapSetup.Create().WithConfig(Product)
            .And(new PersistenceStorageSetup(journal, new SqliteSnapshotStore(database, journal), TimeProvider.System));
        return (setup, async () => await journal.DisposeAsync());
    }

    private static async Task<(ActorSystemSetup, Func<Task>)> FencedOnPostgresAsync(PostgresServer server)
    {
        var connectionString = await server.CreateDatabaseAsync("fenced");
        var database = await PostgresDatabase.OpenAsync(new PostgresStorageOptions { ConnectionString = connectionString }, CancellationToken.None);
        var journal = new PostgresJournal(database);
        var setup = BootstrapSetup.Create().WithConfig(Product)
            .And(new PersistenceStorageSetup(journal, new PostgresSnapshotStore(database), TimeProvider.System));
        return (setup, async () =>
        {
            await journal.DisposeAsync();
            await database.DisposeAsync();
            await server.DropDatabaseAsync(connectionString);
        });
    }

    // Akka.Persistence.Sql opens the file itself; WAL is put on the file first (the mode stays with the file), and
    // synchronous = FULL is SQLite's default for every connection.
    private static async Task<(string, string, Func<Task>)> SqliteFileAsync(string root)
    {
        var path = Path.Combine(root, $"akkasql-{Guid.NewGuid():N}.db");
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            await using var wal = connection.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            await wal.ExecuteNonQueryAsync();
        }

        return ($"Data Source={path}", "SQLite.MS", () =>
        {
            SqliteConnection.ClearAllPools();
            return Task.CompletedTask;
        });
    }

    private static async Task<(string, string, Func<Task>)> PostgresDatabaseAsync(PostgresServer server)
    {
        var connectionString = await server.CreateDatabaseAsync("akkasql");
        return (connectionString, "PostgreSQL.15", async () =>
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await server.DropDatabaseAsync(connectionString);
        });
    }

    private static async Task<(double Rate, long Errors)> MeasureAsync(ActorSystemSetup setup, int entities, Timing timing)
    {
        using var system = ActorSystem.Create("plugins", setup);
        var users = Enumerable.Range(0, entities)
            .Select(i => system.ActorOf(Props.Create(() => new PersistingUser($"user|bench-{i}"))))
            .ToArray();
        long stored = 0, errors = 0;
        var measuring = false;
        using var stop = new CancellationTokenSource();
        var loops = users.Select(user => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await user.Ask<PersistingUser.Appended>(PersistingUser.Append.Instance, TimeSpan.FromSeconds(30));
                    if (Volatile.Read(ref measuring))
                    {
                        Interlocked.Increment(ref stored);
                    }
                }
                catch (Exception failure) when (failure is AskTimeoutException or TaskCanceledException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })).ToArray();

        await Task.Delay(timing.WarmUp);
        var clock = Stopwatch.StartNew();
        Volatile.Write(ref measuring, true);
        await Task.Delay(timing.Measure);
        Volatile.Write(ref measuring, false);
        var elapsed = clock.Elapsed.TotalSeconds;
        var count = Interlocked.Read(ref stored);
        await stop.CancelAsync();
        await Task.WhenAll(loops);
        await system.Terminate();
        return (count / elapsed, Interlocked.Read(ref errors));
    }

    private sealed record PluginRun(
        string Plugin, string Backend, string Settings, Func<Task<(ActorSystemSetup Setup, Func<Task> Cleanup)>> PrepareAsync);
}
