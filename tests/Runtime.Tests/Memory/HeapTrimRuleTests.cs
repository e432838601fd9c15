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

    // A trim an hour ago that left the heap as it is now: only the free space decides.
    private static readonly HeapSample LongAgo = At(-3600, 100);

    private static HeapSample At(int seconds, long allocatedMiB, long heapMiB = 100, long fragmentedMiB = 60, long committedMiB = 200) =>
        new(TimeSpan.FromSeconds(seconds), allocatedMiB * MiB, heapMiB * MiB, fragmentedMiB * MiB, committedMiB * MiB);

    [Fact]
    public void A_quiet_process_with_much_free_heap_is_trimmed() =>
        HeapTrimRule.ShouldTrim(At(0, 500), At(10, 505), LongAgo, Options).ShouldBeTrue();

    [Fact]
    public void A_busy_process_is_not_trimmed_however_much_is_free() =>
        HeapTrimRule.ShouldTrim(At(0, 500), At(10, 600), LongAgo, Options).ShouldBeFalse();

    [Fact]
    public void Little_free_space_is_not_worth_a_compaction() =>
        HeapTrimRule.ShouldTrim(At(0, 500), At(10, 500, heapMiB: 100, fragmentedMiB: 5, committedMiB: 120), LongAgo, Options).ShouldBeFalse();

    [Fact]
    public void Free_space_that_is_a_small_share_of_a_big_heap_is_left_alone() =>
        HeapTrimRule.ShouldTrim(At(0, 500), At(10, 500, heapMiB: 1000, fragmentedMiB: 40, committedMiB: 1040), At(-3600, 480, heapMiB: 1000), Options).ShouldBeFalse();

    [Fact]
    public void Committed_but_empty_space_counts_as_free() =>
        HeapTrimRule.ShouldTrim(At(0, 500), At(10, 500, heapMiB: 100, fragmentedMiB: 0, committedMiB: 200), LongAgo, Options).ShouldBeTrue();

    [Fact]
    public void Two_trims_are_at_least_the_minimum_interval_apart()
    {
        HeapTrimRule.ShouldTrim(At(30, 500), At(40, 500), At(0, 495), Options).ShouldBeFalse();
        HeapTrimRule.ShouldTrim(At(60, 500), At(70, 500), At(0, 495), Options).ShouldBeTrue();
    }

    [Fact]
    public void Two_samples_at_the_same_moment_decide_nothing() =>
        HeapTrimRule.ShouldTrim(At(10, 500), At(10, 500), LongAgo, Options).ShouldBeFalse();

    [Fact]
    public void A_quiet_process_whose_heap_grew_by_a_quarter_since_its_last_trim_is_trimmed_with_little_free_space() =>
        HeapTrimRule.ShouldTrim(At(0, 500), At(10, 500, heapMiB: 100, fragmentedMiB: 5, committedMiB: 120), At(-3600, 300, heapMiB: 60), Options).ShouldBeTrue();

    [Fact]
    public void A_heap_that_grew_less_than_a_quarter_is_no_reason_to_trim() =>
        HeapTrimRule.ShouldTrim(At(0, 500), At(10, 500, heapMiB: 100, fragmentedMiB: 5, committedMiB: 120), At(-3600, 300, heapMiB: 90), Options).ShouldBeFalse();

    [Fact]
    public void Allocating_steadily_without_growing_the_heap_is_no_reason_to_trim() =>
        HeapTrimRule.ShouldTrim(At(0, 50_000), At(10, 50_005, heapMiB: 100, fragmentedMiB: 5, committedMiB: 120), At(-3600, 100, heapMiB: 100), Options).ShouldBeFalse();

    [Fact]
    public void The_first_trim_waits_the_minimum_interval_after_watching_began() =>
        HeapTrimRule.ShouldTrim(At(20, 500), At(30, 500), At(0, 495, heapMiB: 100), Options).ShouldBeFalse();

    [Fact]
    public void A_busy_process_is_not_trimmed_however_much_its_heap_grew() =>
        HeapTrimRule.ShouldTrim(At(0, 500), At(10, 600, heapMiB: 100, fragmentedMiB: 5, committedMiB: 120), At(-3600, 300, heapMiB: 10), Options).ShouldBeFalse();
}
