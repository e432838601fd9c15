namespace AuthActors.Runtime.Diagnostics;

/// <summary>
/// One series of an instrument (one set of tag values) as the exporter aggregates it: a running sum for counters and
/// up-down counters, the last value for gauges, bucket counts, count and sum for histograms. Updated lock-free.
/// </summary>
internal sealed class MetricSeries
{
    private readonly long[] _buckets;
    private long _longValue;
    private int _touched;
    private double _doubleValue;
    private long _count;
    private double _sum;

    public MetricSeries(KeyValuePair<string, object?>[] tags, int bucketCount)
    {
        Tags = tags;
        _buckets = new long[bucketCount];
    }

    /// <summary>The tag values, sorted by key.</summary>
    public KeyValuePair<string, object?>[] Tags { get; }

    /// <summary>True once anything was recorded to this series.</summary>
    public bool Touched => Volatile.Read(ref _touched) != 0;

    public void Add(long value)
    {
        Interlocked.Add(ref _longValue, value);
        Touch();
    }

    public void Add(double value)
    {
        AddDouble(ref _doubleValue, value);
        Touch();
    }

    public void Set(double value)
    {
        Volatile.Write(ref _doubleValue, value);
        Touch();
    }

    public void Record(double value, int bucket)
    {
        Touch();
        if (bucket < _buckets.Length)
        {
            Interlocked.Increment(ref _buckets[bucket]);
        }

        Interlocked.Increment(ref _count);
        AddDouble(ref _sum, value);
    }

    /// <summary>The counter, up-down counter or gauge value.</summary>
    public double Value => Interlocked.Read(ref _longValue) + Volatile.Read(ref _doubleValue);

    public long Count => Interlocked.Read(ref _count);

    public double Sum => Volatile.Read(ref _sum);

    public long BucketCount(int bucket) => Interlocked.Read(ref _buckets[bucket]);

    /// <summary>True when <paramref name="tags"/> are this series' tags, in any order.</summary>
    public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length != Tags.Length)
        {
            return false;
        }

        foreach (var tag in tags)
        {
            var found = false;
            foreach (var mine in Tags)
            {
                if (string.Equals(mine.Key, tag.Key, StringComparison.Ordinal))
                {
                    found = Equals(mine.Value, tag.Value);
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    private void Touch()
    {
        if (Volatile.Read(ref _touched) == 0)
        {
            Volatile.Write(ref _touched, 1);
        }
    }

    private static void AddDouble(ref double target, double value)
    {
        var current = Volatile.Read(ref target);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref target, current + value, current);
            if (seen.Equals(current))
            {
                return;
            }

            current = seen;
        }
    }
}
