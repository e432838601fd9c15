using System.Diagnostics.Metrics;

namespace AuthActors.Runtime.Diagnostics;

/// <summary>
/// What the exporter keeps of one instrument: its kind, its Prometheus name, the histogram's bucket bounds, and its
/// series. Finding a series compares tags without allocating; a new series is added copy-on-write, up to a bound, so a
/// tag with unbounded values (a user id, by mistake) cannot grow memory without end.
/// </summary>
internal sealed class InstrumentAggregate
{
    /// <summary>Series kept per instrument; measurements of further tag sets are dropped.</summary>
    public const int MaxSeries = 1000;

    /// <summary>Bucket bounds of a histogram that gives none in its advice.</summary>
    private static readonly double[] DefaultBounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Lock _adding = new();
    private MetricSeries[] _series = [];

    public InstrumentAggregate(Instrument instrument)
    {
        Instrument = instrument;
        Kind = KindOf(instrument);
        Bounds = Kind == MetricKind.Histogram ? BoundsOf(instrument) : [];
        Name = PrometheusName(instrument, Kind);
        // The series without tags exists from the start, so a scrape shows an untagged counter's 0 before its first
        // measurement; the exporter leaves it out once tagged series exist and it was never recorded to.
        _ = SeriesFor([]);
    }

    public Instrument Instrument { get; }

    public MetricKind Kind { get; }

    public string Name { get; }

    /// <summary>Upper bounds of the histogram's buckets (the last, +Inf, is implied).</summary>
    public double[] Bounds { get; }

    public IReadOnlyList<MetricSeries> Series => Volatile.Read(ref _series);

    /// <summary>The series for <paramref name="tags"/>, made on first use; null past <see cref="MaxSeries"/>.</summary>
    public MetricSeries? SeriesFor(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var series in Volatile.Read(ref _series))
        {
            if (series.Matches(tags))
            {
                return series;
            }
        }

        lock (_adding)
        {
            foreach (var series in _series)
            {
                if (series.Matches(tags))
                {
                    return series;
                }
            }

            if (_series.Length >= MaxSeries)
            {
                return null;
            }

            var sorted = tags.ToArray();
            Array.Sort(sorted, (a, b) => string.CompareOrdinal(a.Key, b.Key));
            var added = new MetricSeries(sorted, Bounds.Length);
            Volatile.Write(ref _series, [.. _series, added]);
            return added;
        }
    }

    /// <summary>The bucket a histogram value falls in: the first bound it does not exceed, or Bounds.Length for +Inf.</summary>
    public int BucketOf(double value)
    {
        var index = Array.BinarySearch(Bounds, value);
        return index >= 0 ? index : ~index;
    }

    private static MetricKind KindOf(Instrument instrument)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return MetricKind.Unsupported;
        }

        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(Counter<>) || definition == typeof(ObservableCounter<>) ? MetricKind.Counter
            : definition == typeof(UpDownCounter<>) || definition == typeof(ObservableUpDownCounter<>) ? MetricKind.UpDownCounter
            : definition == typeof(ObservableGauge<>) || definition == typeof(Gauge<>) ? MetricKind.Gauge
            : definition == typeof(Histogram<>) ? MetricKind.Histogram
            : MetricKind.Unsupported;
    }

    private static double[] BoundsOf(Instrument instrument) => instrument switch
    {
        Histogram<double> { Advice.HistogramBucketBoundaries: { } bounds } => [.. bounds],
        Histogram<long> { Advice.HistogramBucketBoundaries: { } bounds } => [.. bounds.Select(b => (double)b)],
        Histogram<int> { Advice.HistogramBucketBoundaries: { } bounds } => [.. bounds.Select(b => (double)b)],
        _ => DefaultBounds,
    };

    // authactors.journal.append.duration in seconds -> authactors_journal_append_duration_seconds; counters end in _total.
    private static string PrometheusName(Instrument instrument, MetricKind kind)
    {
        var name = new string([.. instrument.Name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':' ? c : '_')]);
        var unit = instrument.Unit switch
        {
            "s" => "seconds",
            "ms" => "milliseconds",
            "By" => "bytes",
            _ => null,
        };
        if (unit is not null && !name.EndsWith("_" + unit, StringComparison.Ordinal))
        {
            name += "_" + unit;
        }

        return kind == MetricKind.Counter ? name + "_total" : name;
    }
}

/// <summary>How an instrument maps onto a Prometheus metric type.</summary>
internal enum MetricKind
{
    Unsupported,
    Counter,
    UpDownCounter,
    Gauge,
    Histogram,
}
