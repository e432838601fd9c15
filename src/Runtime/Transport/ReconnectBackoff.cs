namespace AuthActors.Runtime.Transport;

/// <summary>
/// How long to wait before reconnect attempt <c>n</c>: exponential from the minimum, capped at the maximum, with
/// jitter so that the nodes that lost the same peer do not all come back at the same instant.
/// </summary>
internal static class ReconnectBackoff
{
    /// <summary>The delay before the attempt after <paramref name="failures"/> failed ones; <paramref name="jitter"/> in [0, 1) takes up to half off.</summary>
    public static TimeSpan Delay(int failures, TimeSpan min, TimeSpan max, double jitter)
    {
        var exponent = Math.Min(failures, 30);
        var ceiling = Math.Min(max.Ticks, min.Ticks * Math.Pow(2, exponent));
        return TimeSpan.FromTicks((long)(ceiling * (1 - (Math.Clamp(jitter, 0, 1) / 2))));
    }
}
