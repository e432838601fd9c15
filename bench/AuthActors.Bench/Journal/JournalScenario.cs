using AuthActors.Bench.Reporting;
using AuthActors.Runtime.Persistence.Sqlite;
using AuthActors.TestKit;

namespace AuthActors.Bench.Journal;

/// <summary>
/// Journal appends per second on a real SQLite file (WAL, synchronous=FULL): batched by concurrency, one at a time,
/// and a plain-INSERT baseline on the same schema. The measuring time is cut into slices that take turns, so that
/// a change of load on a shared machine falls on every figure alike instead of on whichever ran last.
/// </summary>
internal static class JournalScenario
{
    private const int BaselineRows = 100;
    private const int Slices = 5;

    public static async Task RunAsync(Timing timing)
    {
        using var directory = new TemporaryDirectory();
        var database = await SqliteDatabase.OpenAsync(
            new SqliteStorageOptions { DatabasePath = Path.Combine(directory.Path, "journal.db") }, CancellationToken.None);
        var batchSize = database.Options.MaxBatchSize;
        var (batched, unbatched) = (AppendResult.None, AppendResult.None);
        long baseline = 0;
        long baselineAtBatchSize = 0;
        var journal = new SqliteJournal(database);
        await using (journal)
        {
            var appenders = new JournalAppenders(journal, () => (journal.AppendedEvents, journal.AppendedBatches));
            var (keys, keysAtBatchSize) = (new PlainInsertKeys("plain" + BaselineRows), new PlainInsertKeys("plain" + batchSize));
            Console.Error.WriteLine($"journal: {Slices} slices of {timing.Seconds / Slices:N1} s each for (a) {BenchEvents.Writers:N0} concurrent appenders, (b) one at a time, (c) plain INSERTs of {BaselineRows} and (c') {batchSize} rows per transaction; {timing.WarmUp.TotalSeconds:N0} s warm-up before the first of each");
            for (var slice = 0; slice < Slices; slice++)
            {
                var sliceTiming = new Timing(slice == 0 ? timing.WarmUp : TimeSpan.Zero, timing.Measure / Slices);
                batched = batched.Add(await appenders.ConcurrentAsync(sliceTiming));
                unbatched = unbatched.Add(await appenders.OneAtATimeAsync(sliceTiming));
                baseline += await PlainInsertBaseline.MeasureAsync(database, sliceTiming, BaselineRows, keys);
                baselineAtBatchSize += await PlainInsertBaseline.MeasureAsync(database, sliceTiming, batchSize, keysAtBatchSize);
            }
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var batchedRate = batched.Events / timing.Seconds;
        var unbatchedRate = unbatched.Events / timing.Seconds;
        var baselineRate = baseline / timing.Seconds;
        var baselineAtBatchSizeRate = baselineAtBatchSize / timing.Seconds;
        new MarkdownTable("measure", "events/s", "events per transaction")
            .Row($"(a) journal, {BenchEvents.Writers:N0} concurrent appenders", batchedRate, batched.EventsPerTransaction)
            .Row("(b) journal, one append at a time", unbatchedRate, unbatched.EventsPerTransaction)
            .Row("(c) plain prepared INSERT loop (baseline)", baselineRate, (double)BaselineRows)
            .Row("(c') the same loop at the journal's max batch size", baselineAtBatchSizeRate, (double)batchSize)
            .Row("batched / unbatched", $"{batchedRate / Math.Max(1, unbatchedRate):N1} x", "")
            .Row("batched / baseline", $"{100 * batchedRate / Math.Max(1, baselineRate):N0} %", "")
            .Row("batched / baseline at the same batch size", $"{100 * batchedRate / Math.Max(1, baselineAtBatchSizeRate):N0} %", "")
            .Print($"journal ({timing.Seconds:N0} s each in {Slices} interleaved slices, after {timing.WarmUp.TotalSeconds:N0} s warm-up; SQLite WAL + synchronous=FULL)");
    }
}
