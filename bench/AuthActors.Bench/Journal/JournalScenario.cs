using AuthActors.Bench.Reporting;
using AuthActors.Runtime.Persistence.Sqlite;

namespace AuthActors.Bench.Journal;

/// <summary>
/// Journal appends per second on a real SQLite file (WAL, synchronous=FULL): batched by concurrency, one at a time,
/// and a plain-INSERT baseline on the same schema, all in one run so that they share the disk's mood.
/// </summary>
internal static class JournalScenario
{
    private const int BaselineRows = 100;

    public static async Task RunAsync(Timing timing)
    {
        using var directory = new TempDirectory("journal");
        var database = await SqliteDatabase.OpenAsync(
            new SqliteStorageOptions { DatabasePath = Path.Combine(directory.Path, "journal.db") }, CancellationToken.None);
        AppendResult batched;
        AppendResult unbatched;
        var journal = new SqliteJournal(database);
        await using (journal)
        {
            var appenders = new JournalAppenders(journal);
            Console.Error.WriteLine($"journal: {BenchEvents.Writers:N0} concurrent appenders, {timing.WarmUp.TotalSeconds:N0} s warm-up + {timing.Seconds:N0} s");
            batched = await appenders.ConcurrentAsync(timing);
            Console.Error.WriteLine("journal: one append at a time");
            unbatched = await appenders.OneAtATimeAsync(timing);
        }

        Console.Error.WriteLine($"journal: plain INSERT loop, {BaselineRows} rows per transaction");
        var baseline = await PlainInsertBaseline.MeasureAsync(database, timing, BaselineRows);
        Console.Error.WriteLine($"journal: plain INSERT loop, {database.Options.MaxBatchSize} rows per transaction");
        var baselineAtBatchSize = await PlainInsertBaseline.MeasureAsync(database, timing, database.Options.MaxBatchSize);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var batchedRate = batched.Events / timing.Seconds;
        var unbatchedRate = unbatched.Events / timing.Seconds;
        var baselineRate = baseline / timing.Seconds;
        var baselineAtBatchSizeRate = baselineAtBatchSize / timing.Seconds;
        new MarkdownTable("measure", "events/s", "events per transaction")
            .Row($"(a) journal, {BenchEvents.Writers:N0} concurrent appenders", batchedRate, batched.EventsPerTransaction)
            .Row("(b) journal, one append at a time", unbatchedRate, unbatched.EventsPerTransaction)
            .Row($"(c) plain prepared INSERT loop (baseline)", baselineRate, (double)BaselineRows)
            .Row("(c') the same loop at the journal's max batch size", baselineAtBatchSizeRate, (double)database.Options.MaxBatchSize)
            .Row("batched / unbatched", $"{batchedRate / Math.Max(1, unbatchedRate):N1} x", "")
            .Row("batched / baseline", $"{100 * batchedRate / Math.Max(1, baselineRate):N0} %", "")
            .Row("batched / baseline at the same batch size", $"{100 * batchedRate / Math.Max(1, baselineAtBatchSizeRate):N0} %", "")
            .Print($"journal ({timing.Seconds:N0} s each after {timing.WarmUp.TotalSeconds:N0} s warm-up, SQLite WAL + synchronous=FULL)");
    }
}
