using AuthActors.Runtime.Configuration;
using AuthActors.Runtime.Memory;

namespace AuthActors.Runtime.Tests.Memory;

public sealed class HeapTrimRuleTests
{
    private const long MiB = 1024 * 1024;
    private static readonly MemoryOptions Options = new()
    {
        QuietBelowPerSecond = new ByteSize(MiB),
        TrimAbove = new ByteSize(32 * MiB),
        MinTrimInterval = TimeSpan.FromMinutes(1),
    };

    private static HeapSample At(int seconds, long allocatedMiB, long heapMiB = 100, long fragmentedMiB = 60, long committedMiB = 200) =>
        new(TimeSpan.FromSeconds(seconds), allocatedMiB * MiB, heapMiB * MiB, fragmentedMiB * MiB, committedMiB * MiB);

    [Fact]
    public void A_quiet_process_with_much_free_heap_is_trimmed() =>
        HeapTrimRule.ShouldTrim(At(0, 500), At(10, 505), lastTrim: null, Options).ShouldBeTrue();

    [Fact]
    public void A_busy_process_is_not_trimmed_however_much_is_free() =>
        HeapTrimRule.ShouldTrim(At(0, 500), At(10, 600), lastTrim: null, Options).ShouldBeFalse();

    [Fact]
    public void Little_free_space_is_not_worth_a_compaction() =>
        HeapTrimRule.ShouldTrim(At(0, 500), At(10, 500, heapMiB: 100, fragmentedMiB: 5, committedMiB: 120), lastTrim: null, Options).ShouldBeFalse();

    [Fact]
    public void Free_space_that_is_a_small_share_of_a_big_heap_is_left_alone() =>
        HeapTrimRule.ShouldTrim(At(0, 500), At(10, 500, heapMiB: 1000, fragmentedMiB: 40, committedMiB: 1040), lastTrim: null, Options).ShouldBeFalse();

    [Fact]
    public void Committed_but_empty_space_counts_as_free() =>
        HeapTrimRule.ShouldTrim(At(0, 500), At(10, 500, heapMiB: 100, fragmentedMiB: 0, committedMiB: 200), lastTrim: null, Options).ShouldBeTrue();

    [Fact]
    public void Two_trims_are_at_least_the_minimum_interval_apart()
    {
        HeapTrimRule.ShouldTrim(At(30, 500), At(40, 500), lastTrim: TimeSpan.FromSeconds(0), Options).ShouldBeFalse();
        HeapTrimRule.ShouldTrim(At(60, 500), At(70, 500), lastTrim: TimeSpan.FromSeconds(0), Options).ShouldBeTrue();
    }

    [Fact]
    public void Two_samples_at_the_same_moment_decide_nothing() =>
        HeapTrimRule.ShouldTrim(At(10, 500), At(10, 500), lastTrim: null, Options).ShouldBeFalse();
}
