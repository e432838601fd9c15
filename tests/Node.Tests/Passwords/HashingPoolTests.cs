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
        var ct = TestContext.Current.CancellationToken;
        using var pool = new HashingPool(1, 1);
        using var running = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var blocking = pool.RunAsync(() => { running.Set(); return release.Wait(TimeSpan.FromSeconds(30)); }, ct);
        running.Wait(TimeSpan.FromSeconds(30), ct).ShouldBeTrue();

        var queued = pool.RunAsync(() => true, ct);
        Should.Throw<HashingPoolBusyException>(() => pool.RunAsync(() => true, ct));

        release.Set();
        (await blocking.WaitAsync(TimeSpan.FromSeconds(30), ct)).ShouldBeTrue();
        (await queued.WaitAsync(TimeSpan.FromSeconds(30), ct)).ShouldBeTrue();
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
