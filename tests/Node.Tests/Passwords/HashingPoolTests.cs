using AuthActors.Node.Passwords;

namespace AuthActors.Node.Tests.Passwords;

public sealed class HashingPoolTests
{
    [Fact]
    public async Task Runs_work_and_returns_its_result()
    {
        using var pool = new HashingPool(2, 4);
        (await pool.RunAsync(() => 6 * 7, TestContext.Current.CancellationToken)).ShouldBe(42);
    }

    [Fact]
    public async Task Past_the_queue_bound_work_is_refused_at_once()
    {
        using var pool = new HashingPool(1, 1);
        using var release = new ManualResetEventSlim();
        var blocking = pool.RunAsync(() => release.Wait(TimeSpan.FromSeconds(30)), TestContext.Current.CancellationToken);
        var started = false;
        var queued = pool.RunAsync(() => started = true, TestContext.Current.CancellationToken);

        // Either the worker already took the first item (queue holds the second) or not: the third must wait or fail.
        var refusals = 0;
        for (var i = 0; i < 3; i++)
        {
            try
            {
                _ = pool.RunAsync(() => true, TestContext.Current.CancellationToken);
            }
            catch (HashingPoolBusyException)
            {
                refusals++;
            }
        }

        refusals.ShouldBeGreaterThanOrEqualTo(2);
        release.Set();
        (await blocking.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken)).ShouldBeTrue();
        (await queued.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken)).ShouldBeTrue();
        started.ShouldBeTrue();
    }

    [Fact]
    public async Task A_failing_job_faults_only_its_own_task()
    {
        using var pool = new HashingPool(1, 4);
        var failing = pool.RunAsync<int>(() => throw new InvalidOperationException("boom"), TestContext.Current.CancellationToken);
        await Should.ThrowAsync<InvalidOperationException>(failing);
        (await pool.RunAsync(() => 1, TestContext.Current.CancellationToken)).ShouldBe(1);
    }
}
