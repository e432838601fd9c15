namespace AuthActors.TestKit;

/// <summary>Awaits a condition with a deadline, polling: how tests wait, never by sleeping a fixed time.</summary>
public static class Eventually
{
    /// <summary>The default deadline: generous, because CI machines are slow and shared.</summary>
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(30);

    /// <summary>Completes once <paramref name="condition"/> is true; throws <see cref="TimeoutException"/> at the deadline.</summary>
    public static Task ConditionAsync(Func<bool> condition, string description, TimeSpan? deadline = null) =>
        ConditionAsync(() => Task.FromResult(condition()), description, deadline);

    /// <summary>Completes once the async <paramref name="condition"/> is true; throws at the deadline.</summary>
    public static async Task ConditionAsync(Func<Task<bool>> condition, string description, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? DefaultDeadline);
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"not true within {deadline ?? DefaultDeadline}: {description}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
    }
}
