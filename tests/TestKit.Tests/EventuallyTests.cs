namespace AuthActors.TestKit.Tests;

public sealed class EventuallyTests
{
    [Fact]
    public async Task Completes_when_the_condition_becomes_true()
    {
        var calls = 0;
        await Eventually.ConditionAsync(() => ++calls >= 3, "third call");
        calls.ShouldBe(3);
    }

    [Fact]
    public async Task Throws_at_the_deadline_naming_the_condition()
    {
        var error = await Should.ThrowAsync<TimeoutException>(
            () => Eventually.ConditionAsync(() => false, "never", TimeSpan.FromMilliseconds(50)));
        error.Message.ShouldContain("never");
    }

    [Fact]
    public void Manual_clock_moves_only_when_told()
    {
        var clock = new ManualTimeProvider();
        var start = clock.GetUtcNow();
        clock.GetUtcNow().ShouldBe(start);
        clock.Advance(TimeSpan.FromSeconds(61));
        (clock.GetUtcNow() - start).ShouldBe(TimeSpan.FromSeconds(61));
    }

    [Fact]
    public void Repository_root_holds_the_solution() =>
        File.Exists(Path.Combine(RepositoryLayout.Root, "AuthActors.sln")).ShouldBeTrue();
}
