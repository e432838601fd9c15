using System.Globalization;

namespace AuthActors.Runtime.Configuration;

/// <summary>Parses durations in HOCON units format (<c>30s</c>, <c>2 minutes</c>, bare numbers are milliseconds) or as a TimeSpan (<c>00:00:30</c>).</summary>
public static class HoconDuration
{
    // Ticks per unit; HOCON duration units are lowercase and case sensitive.
    private static readonly Dictionary<string, decimal> Units = Build(
        (0.01m, ["ns", "nano", "nanos", "nanosecond", "nanoseconds"]),
        (10m, ["us", "micro", "micros", "microsecond", "microseconds"]),
        (TimeSpan.TicksPerMillisecond, ["", "ms", "milli", "millis", "millisecond", "milliseconds"]),
        (TimeSpan.TicksPerSecond, ["s", "second", "seconds"]),
        (TimeSpan.TicksPerMinute, ["m", "minute", "minutes"]),
        (TimeSpan.TicksPerHour, ["h", "hour", "hours"]),
        (TimeSpan.TicksPerDay, ["d", "day", "days"]));

    /// <summary>Parses a duration.</summary>
    /// <exception cref="FormatException">The text is neither a HOCON duration nor a TimeSpan.</exception>
    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Contains(':', StringComparison.Ordinal)
            && TimeSpan.TryParse(text.Trim(), CultureInfo.InvariantCulture, out var span))
        {
            return span;
        }

        if (UnitValue.TrySplit(text, out var number, out var unit) && Units.TryGetValue(unit, out var ticksPerUnit))
        {
            try
            {
                return TimeSpan.FromTicks((long)decimal.Round(number * ticksPerUnit));
            }
            catch (OverflowException)
            {
                throw new FormatException($"Duration '{text}' is too large.");
            }
        }

        throw new FormatException(
            $"'{text}' is not a duration: use a number and a unit (ns, us, ms, s, m, h, d, e.g. 30s) or hh:mm:ss.");
    }

    private static Dictionary<string, decimal> Build(params (decimal Ticks, string[] Names)[] units) =>
        units.SelectMany(u => u.Names.Select(n => (n, u.Ticks))).ToDictionary(p => p.n, p => p.Ticks, StringComparer.Ordinal);
}
