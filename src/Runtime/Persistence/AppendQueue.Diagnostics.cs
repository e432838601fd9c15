using System.Diagnostics;
using System.Diagnostics.Metrics;
using AuthActors.Runtime.Diagnostics;

namespace AuthActors.Runtime.Persistence;

/// <summary>The group commit's instruments: how long an append waits to be durable, and how many share a commit.</summary>
internal sealed partial class AppendQueue
{
    private static readonly Histogram<double> AppendDuration = AuthActorsMeter.Meter.CreateHistogram(
        "authactors.journal.append.duration",
        unit: "s",
        description: "Time from queueing an append to its batch being written (durable, or failed).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });

    private static readonly Histogram<int> BatchSize = AuthActorsMeter.Meter.CreateHistogram(
        "authactors.journal.batch.size",
        unit: "{append}",
        description: "Appends written in one journal transaction.",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] });

    // Snapshot saves that rode along in a batch are not appends: they count in neither instrument.
    private static void RecordBatch(List<PendingAppend> batch)
    {
        var appends = 0;
        var now = Stopwatch.GetTimestamp();
        foreach (var pending in batch)
        {
            if (pending.Snapshot is null)
            {
                appends++;
                if (AppendDuration.Enabled)
                {
                    AppendDuration.Record(Stopwatch.GetElapsedTime(pending.QueuedAt, now).TotalSeconds);
                }
            }
        }

        if (appends > 0)
        {
            BatchSize.Record(appends);
        }
    }
}
