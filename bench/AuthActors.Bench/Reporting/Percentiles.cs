using System.Diagnostics;

namespace AuthActors.Bench.Reporting;

/// <summary>Percentiles and medians of measured durations, in milliseconds.</summary>
internal static class Percentiles
{
    /// <summary>The nearest-rank percentile of Stopwatch tick counts, in ms; 0 when there are none.</summary>
    public static double OfTicks(IReadOnlyCollection<long> ticks, double percentile)
    {
        if (ticks.Count == 0)
        {
            return 0;
        }

        var sorted = ticks.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)] * 1000.0 / Stopwatch.Frequency;
    }

    /// <summary>The median of durations, in ms.</summary>
    public static double Median(IEnumerable<TimeSpan> durations) => Median(durations.Select(d => d.TotalMilliseconds));

    /// <summary>The median of figures, e.g. one rate per round; 0 when there are none.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return 0;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
