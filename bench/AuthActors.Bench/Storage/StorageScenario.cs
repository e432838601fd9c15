using AuthActors.Bench.Journal;
using AuthActors.Bench.Recovery;
using AuthActors.Bench.Reporting;
using AuthActors.Node.Passwords;
using AuthActors.Node.Users;
using AuthActors.Runtime.Entities;
using AuthActors.Runtime.Persistence;
using AuthActors.Runtime.Persistence.Postgres;
using AuthActors.Runtime.Persistence.Sqlite;
using AuthActors.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace AuthActors.Bench.Storage;

/// <summary>
/// SQLite next to PostgreSQL in one run: appends/s with 1,000 concurrent appenders and one at a time, the PostgreSQL
/// writer's one-statement batch against a savepoint per append, a plain batched INSERT loop on each database (the
/// baseline issue 11 judges the batched appends against), and the recovery of one user with 10,000 events.
/// The append figures take turns in slices, so that a change of load falls on every backend alike.
/// </summary>
internal static class StorageScenario
{
    private const int Slices = 5;
    private const int HistoryEvents = 10_000;

    public static async Task<int> RunAsync(Timing timing)
    {
        using var directory = new TemporaryDirectory();
        var sqliteDatabase = await SqliteDatabase.OpenAsync(
            new SqliteStorageOptions { DatabasePath = Path.Combine(directory.Path, "journal.db") }, CancellationToken.None);
        Console.Error.WriteLine("storage: starting PostgreSQL (AUTHACTORS_TEST_POSTGRES, or a throw-away local cluster)");
        // A private cluster rather than the shared one: it is stopped in the finally below even when a figure fails.
        await using var server = string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresServer.ExternalServerVariable))
            ? await PostgresServer.StartPrivateAsync()
            : await PostgresServer.SharedAsync();
        var connectionString = await server.CreateDatabaseAsync("bench");
        var postgresDatabase = await PostgresDatabase.OpenAsync(
            new PostgresStorageOptions { ConnectionString = connectionString }, CancellationToken.None);
        // The savepoint variant writes the same persistence ids from sequence number 1, so it gets its own database.
        var savepointConnectionString = await server.CreateDatabaseAsync("benchsavepoint");
        var savepointDatabase = await PostgresDatabase.OpenAsync(
            new PostgresStorageOptions { ConnectionString = savepointConnectionString }, CancellationToken.None);
        // The plain INSERT loops commit as many rows per transaction as the journal's largest batch.
        var rows = sqliteDatabase.Options.MaxBatchSize;
        var sqliteKeys = new PlainInsertKeys("plain");
        var postgresKeys = new PlainInsertKeys("plain");
        var backends = new List<Backend>
        {
            Backend.Of(
                "SQLite (WAL, synchronous=FULL)",
                new SqliteJournal(sqliteDatabase),
                new SqliteSnapshotStore(sqliteDatabase),
                sliceTiming => PlainInsertBaseline.MeasureAsync(sqliteDatabase, sliceTiming, rows, sqliteKeys)),
            Backend.Of(
                "PostgreSQL (synchronous_commit=on)",
                new PostgresJournal(postgresDatabase),
                new PostgresSnapshotStore(postgresDatabase),
                sliceTiming => PostgresPlainInsertBaseline.MeasureAsync(postgresDatabase, sliceTiming, rows, postgresKeys)),
            Backend.Of(
                "PostgreSQL, savepoint per append",
                new PostgresJournal(savepointDatabase, Task.CompletedTask, savepointPerAppend: true),
                new PostgresSnapshotStore(savepointDatabase)),
        };
        try
        {
            Console.Error.WriteLine($"storage: {Slices} slices of {timing.Seconds / Slices:N1} s each per backend and mode; {timing.WarmUp.TotalSeconds:N0} s warm-up before the first");
            for (var slice = 0; slice < Slices; slice++)
            {
                var sliceTiming = new Timing(slice == 0 ? timing.WarmUp : TimeSpan.Zero, timing.Measure / Slices);
                foreach (var backend in backends)
                {
                    backend.Concurrent = backend.Concurrent.Add(await backend.Appenders.ConcurrentAsync(sliceTiming));
                    backend.OneAtATime = backend.OneAtATime.Add(await backend.Appenders.OneAtATimeAsync(sliceTiming));
                    backend.BaselineEvents += backend.Baseline is { } plainLoop ? await plainLoop(sliceTiming) : 0;
                }
            }

            // Recovery only reads; the savepoint variant differs in writing alone, so recovery is measured once per backend.
            foreach (var backend in backends.Take(2))
            {
                Console.Error.WriteLine($"storage: recovery of one user with {HistoryEvents:N0} events on {backend.Name}");
                backend.RecoveryMs = await MeasureRecoveryAsync(backend);
            }

            var sqlite = backends[0];
            var table = new MarkdownTable(
                "backend", "(a) events/s, 1,000 concurrent", "events per transaction", "(b) events/s, one at a time",
                $"(c) plain INSERT loop, {rows} rows per transaction, events/s", "(a) / (c) (floor 50 %)", "recovery of 10,000 events (median of 5, ms)");
            foreach (var backend in backends)
            {
                // The savepoint variant is judged against the loop on its own server.
                var baseline = backend.Baseline is null ? backends[1] : backend;
                table.Row(
                    backend.Name,
                    backend.Concurrent.Events / timing.Seconds,
                    backend.Concurrent.EventsPerTransaction,
                    backend.OneAtATime.Events / timing.Seconds,
                    backend.Baseline is null ? "(as PostgreSQL)" : backend.BaselineEvents / timing.Seconds,
                    Floor(backend.Concurrent.Events, baseline.BaselineEvents),
                    backend.RecoveryMs is { } ms ? ms.ToString("N2", System.Globalization.CultureInfo.InvariantCulture) : "(same reads)");
            }

            foreach (var backend in backends.Skip(1))
            {
                table.Row(
                    $"{backend.Name} / SQLite",
                    $"{100 * backend.Concurrent.Events / (double)Math.Max(1, sqlite.Concurrent.Events):N0} %",
                    "",
                    $"{100 * backend.OneAtATime.Events / (double)Math.Max(1, sqlite.OneAtATime.Events):N0} %",
                    backend.Baseline is null ? "" : $"{100 * backend.BaselineEvents / (double)Math.Max(1, sqlite.BaselineEvents):N0} %",
                    "",
                    backend.RecoveryMs is { } ms ? $"{ms / Math.Max(0.001, sqlite.RecoveryMs ?? 0):N1} x" : "");
            }

            table.Print($"storage ({timing.Seconds:N0} s per figure in {Slices} interleaved slices, after {timing.WarmUp.TotalSeconds:N0} s warm-up; PostgreSQL {await ServerVersionAsync(postgresDatabase)} on {(server.IsLocal ? "a throw-away local cluster" : "AUTHACTORS_TEST_POSTGRES")})");
            return 0;
        }
        finally
        {
            foreach (var backend in backends)
            {
                await backend.DisposeAsync();
            }

            await postgresDatabase.DisposeAsync();
            await savepointDatabase.DisposeAsync();
            await server.DropDatabaseAsync(connectionString);
            await server.DropDatabaseAsync(savepointConnectionString);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    private static string Floor(long events, long baselineEvents)
    {
        var percent = 100 * events / (double)Math.Max(1, baselineEvents);
        return $"{percent:N0} % ({(percent >= 50 ? "met" : "NOT met")})";
    }

    private static async Task<string> ServerVersionAsync(PostgresDatabase database)
    {
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        await using var command = new Npgsql.NpgsqlCommand("SHOW server_version;", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<double> MeasureRecoveryAsync(Backend backend)
    {
        var serializer = UserPersistenceSerializer.Create();
        using var pool = new HashingPool(1, 4);
        var services = RecoveryScenario.ServicesFor(pool);
        await UserHistory.WriteAsync(
            backend.Journal, serializer, RecoveryScenario.UserId, services.Hasher.Hash("bench1234x"), HistoryEvents, HistoryEvents);
        return await RecoveryScenario.MedianRecoveryAsync(
            new PersistenceContext(backend.Journal, backend.Snapshots, serializer, TimeProvider.System, 0, NullLogger.Instance),
            services);
    }

    /// <summary>One backend's journal and the figures measured on it.</summary>
    private sealed class Backend(string name, IJournal journal, ISnapshotStore snapshots, Func<(long, long)> committed, Func<Timing, Task<long>>? baseline)
        : IAsyncDisposable
    {
        public string Name { get; } = name;

        public IJournal Journal { get; } = journal;

        public ISnapshotStore Snapshots { get; } = snapshots;

        public JournalAppenders Appenders { get; } = new(journal, committed);

        public AppendResult Concurrent { get; set; } = AppendResult.None;

        public AppendResult OneAtATime { get; set; } = AppendResult.None;

        public double? RecoveryMs { get; set; }

        /// <summary>The plain INSERT loop on this backend's database (given a slice's timing), if it has its own.</summary>
        public Func<Timing, Task<long>>? Baseline { get; } = baseline;

        public long BaselineEvents { get; set; }

        public static Backend Of(string name, SqliteJournal journal, ISnapshotStore snapshots, Func<Timing, Task<long>>? baseline = null) =>
            new(name, journal, snapshots, () => (journal.AppendedEvents, journal.AppendedBatches), baseline);

        public static Backend Of(string name, PostgresJournal journal, ISnapshotStore snapshots, Func<Timing, Task<long>>? baseline = null) =>
            new(name, journal, snapshots, () => (journal.AppendedEvents, journal.AppendedBatches), baseline);

        public ValueTask DisposeAsync() => ((IAsyncDisposable)Journal).DisposeAsync();
    }
}
