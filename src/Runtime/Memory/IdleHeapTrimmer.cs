using System.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuthActors.Runtime.Memory;

/// <summary>
/// Looks at the heap every <see cref="MemoryOptions.CheckEvery"/> and, when <see cref="HeapTrimRule"/> says so,
/// runs one aggressive, compacting collection that gives the free space back to the operating system.
/// </summary>
public sealed class IdleHeapTrimmer(MemoryOptions options, TimeProvider time, ILogger<IdleHeapTrimmer> logger) : BackgroundService
{
    // The heap is the process's, not a host's: when several hosts share a process (tests, an in-process cluster),
    // the first host's trimmer looks at it (until that host stops) and the others stand by, so that the collections
    // are not multiplied by the hosts.
    private static int s_watching;

    private readonly long _started = time.GetTimestamp();

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.TrimWhenIdle || Interlocked.CompareExchange(ref s_watching, 1, 0) != 0)
        {
            return;
        }

        try
        {
            await WatchAsync(stoppingToken);
        }
        finally
        {
            Volatile.Write(ref s_watching, 0);
        }
    }

    private async Task WatchAsync(CancellationToken stoppingToken)
    {
        using var ticks = new PeriodicTimer(options.CheckEvery, time);
        var previous = Sample();
        var baseline = previous;
        try
        {
            while (await ticks.WaitForNextTickAsync(stoppingToken))
            {
                var now = Sample();
                if (HeapTrimRule.ShouldTrim(previous, now, baseline, options))
                {
                    Trim(now);
                    now = Sample();
                    baseline = now;
                }

                previous = now;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private void Trim(HeapSample before)
    {
        // Compacts every generation (the large object heap too) and decommits what is then free.
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var after = GC.GetGCMemoryInfo(GCKind.Any);
        logger.LogInformation(
            "Quiet with {FreeMiB} MiB of free heap: compacted, the GC now holds {CommittedMiB} MiB (was {WasMiB} MiB)",
            before.FreeBytes >> 20, after.TotalCommittedBytes >> 20, before.CommittedBytes >> 20);
    }

    private HeapSample Sample()
    {
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        return new HeapSample(
            time.GetElapsedTime(_started), GC.GetTotalAllocatedBytes(), info.HeapSizeBytes, info.FragmentedBytes, info.TotalCommittedBytes);
    }
}
