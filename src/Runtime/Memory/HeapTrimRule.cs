namespace AuthActors.Runtime.Memory;

/// <summary>What the process's heap looked like at one check.</summary>
/// <param name="At">When it was read.</param>
/// <param name="AllocatedBytes">Bytes allocated since the process started (<c>GC.GetTotalAllocatedBytes</c>).</param>
/// <param name="HeapBytes">The heap after the last collection.</param>
/// <param name="FragmentedBytes">Free space between live objects after the last collection.</param>
/// <param name="CommittedBytes">Memory the GC holds from the operating system.</param>
public readonly record struct HeapSample(TimeSpan At, long AllocatedBytes, long HeapBytes, long FragmentedBytes, long CommittedBytes)
{
    /// <summary>Memory the GC holds that no object uses: holes between objects, and committed but empty space.</summary>
    public long FreeBytes => FragmentedBytes + Math.Max(0, CommittedBytes - HeapBytes);
}

/// <summary>
/// When a quiet process should compact its heap and return the free space to the operating system: after a burst
/// (thousands of sessions opened at once, each with presence lines) the GC keeps the burst's garbage as free space
/// next to the long-lived connection objects, and a workstation GC may not compact it for a long time.
/// </summary>
public static class HeapTrimRule
{
    /// <summary>
    /// True when the process allocated little since <paramref name="previous"/> (it is not serving a burst, so a
    /// blocking collection harms nobody), the last trim (or the start of watching) is long enough ago, and a compaction
    /// is worth it: either the free space the last collection left is past the bound and at least a quarter of what
    /// the GC holds, or the heap grew by as much since <paramref name="baseline"/>, the heap as the last trim left it
    /// (or as it was when watching began). Growth counts because a burst's objects promoted beside the long-lived
    /// ones die in the older generations, which the young collections of a quiet process never visit: they are heap,
    /// not free space, until a full collection. Steady allocation that does not grow the heap is no reason.
    /// </summary>
    public static bool ShouldTrim(HeapSample previous, HeapSample now, HeapSample baseline, MemoryOptions options)
    {
        var seconds = (now.At - previous.At).TotalSeconds;
        if (seconds <= 0)
        {
            return false;
        }

        var allocationRate = (now.AllocatedBytes - previous.AllocatedBytes) / seconds;
        var quiet = allocationRate < options.QuietBelowPerSecond.Bytes;
        var held = Math.Max(now.CommittedBytes, now.HeapBytes);
        var worthIt = WorthCompacting(now.FreeBytes) || WorthCompacting(now.HeapBytes - baseline.HeapBytes);
        var rested = now.At - baseline.At >= options.MinTrimInterval;
        return quiet && worthIt && rested;

        // Past the bound and at least a quarter of what the GC holds.
        bool WorthCompacting(long bytes) => bytes > options.TrimAbove.Bytes && bytes * 4 >= held;
    }
}
