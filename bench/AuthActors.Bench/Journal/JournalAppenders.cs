using System.Diagnostics;
using AuthActors.Runtime.Persistence;

namespace AuthActors.Bench.Journal;

/// <summary>Events stored in the measuring windows, and the journal's committed events and transactions meanwhile.</summary>
internal sealed record AppendResult(long Events, long CommittedEvents, long CommittedBatches)
{
    public static readonly AppendResult None = new(0, 0, 0);

    public double EventsPerTransaction => CommittedEvents / (double)Math.Max(1, CommittedBatches);

    public AppendResult Add(AppendResult other) =>
        new(Events + other.Events, CommittedEvents + other.CommittedEvents, CommittedBatches + other.CommittedBatches);
}

/// <summary>
/// Drives a journal the two ways entities can: many writers at once (their appends share transactions) and one
/// writer at a time (each append its own transaction and fsync). <paramref name="committed"/> reads the journal's
/// committed events and transactions.
/// </summary>
internal sealed class JournalAppenders(IJournal journal, Func<(long Events, long Batches)> committed)
{
    private readonly long[] nextSequenceNr = Enumerable.Repeat(1L, BenchEvents.Writers).ToArray();

    /// <summary>Rounds of one append per writer, all in flight together, each round awaited before the next.</summary>
    public Task<AppendResult> ConcurrentAsync(Timing timing) => MeasureAsync(timing, async window =>
    {
        var stored = 0L;
        var round = new Task[BenchEvents.Writers];
        while (!window.IsOver)
        {
            for (var writer = 0; writer < round.Length; writer++)
            {
                round[writer] = journal.AppendAsync(BenchEvents.One(writer, nextSequenceNr[writer]++), CancellationToken.None);
            }

            await Task.WhenAll(round);
            stored += window.IsMeasuring ? round.Length : 0;
        }

        return stored;
    });

    /// <summary>One append at a time, awaited, going round the writers.</summary>
    public Task<AppendResult> OneAtATimeAsync(Timing timing) => MeasureAsync(timing, async window =>
    {
        var stored = 0L;
        for (var writer = 0; !window.IsOver; writer = (writer + 1) % BenchEvents.Writers)
        {
            await journal.AppendAsync(BenchEvents.One(writer, nextSequenceNr[writer]++), CancellationToken.None);
            stored += window.IsMeasuring ? 1 : 0;
        }

        return stored;
    });

    private async Task<AppendResult> MeasureAsync(Timing timing, Func<MeasuringWindow, Task<long>> run)
    {
        var (events, batches) = committed();
        var stored = await run(new MeasuringWindow(Stopwatch.StartNew(), timing));
        var (eventsAfter, batchesAfter) = committed();
        return new AppendResult(stored, eventsAfter - events, batchesAfter - batches);
    }
}
