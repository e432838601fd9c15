using AuthActors.Runtime.Transport;

namespace AuthActors.Runtime.Tests.Transport;

public sealed class ReconnectBackoffTests
{
    private static readonly TimeSpan Min = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(5);

    [Fact]
    public void Without_jitter_the_delay_doubles_per_failure_up_to_the_cap()
    {
        Enumerable.Range(0, 8).Select(n => ReconnectBackoff.Delay(n, Min, Max, jitter: 0).TotalMilliseconds)
            .ShouldBe([100, 200, 400, 800, 1600, 3200, 5000, 5000]);
        ReconnectBackoff.Delay(int.MaxValue, Min, Max, 0).ShouldBe(Max);
    }

    [Fact]
    public void Jitter_takes_up_to_half_off()
    {
        ReconnectBackoff.Delay(3, Min, Max, jitter: 0.999).TotalMilliseconds.ShouldBeInRange(400, 800);
        ReconnectBackoff.Delay(10, Min, Max, jitter: 0.5).ShouldBe(TimeSpan.FromMilliseconds(3750));
    }
}
