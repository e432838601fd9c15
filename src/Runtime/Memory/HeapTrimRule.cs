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
    /// blocking collection harms nobody), the last trim is long enough ago, and a compaction is worth it: either the
    /// free space the last collection left is past the bound and at least a quarter of what the GC holds, or the
    /// process allocated more than the GC holds since <paramref name="afterLastTrim"/> (or its start). The second is
    /// garbage no collection has looked at yet: objects of a burst promoted beside the long-lived ones die in the
    /// older generations, which the young collections of a quiet process never visit, so they count as heap, not free.
    /// </summary>
    public static bool ShouldTrim(HeapSample previous, HeapSample now, HeapSample? afterLastTrim, MemoryOptions options)
    {
        var seconds = (now.At - previous.At).TotalSeconds;
        if (seconds <= 0)
        {
            return false;
        }

        var allocationRate = (now.AllocatedBytes - previous.AllocatedBytes) / seconds;
        var quiet = allocationRate < options.QuietBelowPerSecond.Bytes;
        var held = Math.Max(now.CommittedBytes, now.HeapBytes);
        var muchFree = now.FreeBytes > options.TrimAbove.Bytes && now.FreeBytes * 4 >= held;
        var churned = now.AllocatedBytes - (afterLastTrim?.AllocatedBytes ?? 0) > Math.Max(held, options.TrimAbove.Bytes);
        var rested = afterLastTrim is not { } last || now.At - last.At >= options.MinTrimInterval;
        return quiet && (muchFree || churned) && rested;
    }
}
