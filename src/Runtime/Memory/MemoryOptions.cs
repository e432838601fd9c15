using AuthActors.Runtime.Configuration;
using Microsoft.Extensions.Configuration;

namespace AuthActors.Runtime.Memory;

/// <summary>How a process gives memory back after a burst (section <c>memory</c>).</summary>
public sealed class MemoryOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "memory";

    /// <summary>Free 4 KiB blocks each listener's pool keeps for reuse; more are left to the GC.</summary>
    [ConfigurationKeyName("pool-blocks-kept")]
    public int RetainedBlocksPerPool { get; set; } = 1024;

    /// <summary>Whether a quiet process compacts its heap when much of it is free space.</summary>
    [ConfigurationKeyName("trim-when-idle")]
    public bool TrimWhenIdle { get; set; } = true;

    /// <summary>How often the process looks at its heap.</summary>
    [ConfigurationKeyName("check-every")]
    public TimeSpan CheckEvery { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Below this allocation rate the process counts as quiet.</summary>
    [ConfigurationKeyName("quiet-below")]
    public ByteSize QuietBelowPerSecond { get; set; } = new(1024 * 1024);

    /// <summary>Free space in the heap (fragmentation and committed but unused) worth a compaction.</summary>
    [ConfigurationKeyName("trim-above")]
    public ByteSize TrimAbove { get; set; } = new(32 * 1024 * 1024);

    /// <summary>Shortest time between two compactions.</summary>
    [ConfigurationKeyName("min-trim-interval")]
    public TimeSpan MinTrimInterval { get; set; } = TimeSpan.FromMinutes(1);
}
