using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace AuthActors.Runtime.Diagnostics;

/// <summary>
/// Listens to the <c>AuthActors</c> meter and writes what it aggregated in the Prometheus text exposition format
/// (version 0.0.4), for <c>/metrics</c>. Written on <see cref="MeterListener"/> rather than taken from OpenTelemetry:
/// OpenTelemetry's Prometheus exporter does not restore here, and this is the whole of what is needed (docs/dependencies.md).
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    /// <summary>The content type of the text format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentAggregate> _instruments = new();
    private readonly string _meterName;

    /// <summary>Starts listening to every instrument of the meter named <paramref name="meterName"/>, now and later.</summary>
    public PrometheusExporter(string meterName = AuthActorsMeter.Name)
    {
        _meterName = meterName;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name != _meterName)
            {
                return;
            }

            var aggregate = new InstrumentAggregate(instrument);
            if (aggregate.Kind != MetricKind.Unsupported && _instruments.TryAdd(instrument, aggregate))
            {
                listener.EnableMeasurementEvents(instrument, aggregate);
            }
        };
        _listener.SetMeasurementEventCallback<long>(static (instrument, value, tags, state) => OnMeasurement((InstrumentAggregate)state!, value, tags));
        _listener.SetMeasurementEventCallback<int>(static (instrument, value, tags, state) => OnMeasurement((InstrumentAggregate)state!, value, tags));
        _listener.SetMeasurementEventCallback<double>(static (instrument, value, tags, state) => OnMeasurement((InstrumentAggregate)state!, value, tags));
        _listener.Start();
    }

    /// <summary>Every metric as Prometheus text: HELP and TYPE lines, then its samples; observable instruments read now.</summary>
    public string Scrape()
    {
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        foreach (var aggregate in _instruments.Values.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            var series = aggregate.Series.Where(s => s.Touched || s.Tags.Length > 0 || aggregate.Series.Count == 1).ToList();
            if (series.Count == 0)
            {
                continue;
            }

            var help = aggregate.Instrument.Description ?? aggregate.Instrument.Name;
            text.Append("# HELP ").Append(aggregate.Name).Append(' ').Append(EscapeHelp(help)).Append('\n');
            text.Append("# TYPE ").Append(aggregate.Name).Append(' ').Append(TypeOf(aggregate.Kind)).Append('\n');
            foreach (var one in series)
            {
                if (aggregate.Kind == MetricKind.Histogram)
                {
                    WriteHistogram(text, aggregate, one);
                }
                else
                {
                    WriteSample(text, aggregate.Name, one.Tags, null, one.Value);
                }
            }
        }

        return text.ToString();
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    private static void OnMeasurement(InstrumentAggregate aggregate, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (aggregate.Kind == MetricKind.Histogram)
        {
            OnMeasurement(aggregate, (double)value, tags);
            return;
        }

        var series = aggregate.SeriesFor(tags);
        if (aggregate.Kind == MetricKind.Gauge || aggregate.Instrument.IsObservable)
        {
            series?.Set(value);
        }
        else
        {
            series?.Add(value);
        }
    }

    private static void OnMeasurement(InstrumentAggregate aggregate, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var series = aggregate.SeriesFor(tags);
        if (series is null)
        {
            return;
        }

        if (aggregate.Kind == MetricKind.Histogram)
        {
            series.Record(value, aggregate.BucketOf(value));
        }
        else if (aggregate.Kind == MetricKind.Gauge || aggregate.Instrument.IsObservable)
        {
            series.Set(value);
        }
        else
        {
            series.Add(value);
        }
    }

    private static void WriteHistogram(StringBuilder text, InstrumentAggregate aggregate, MetricSeries series)
    {
        long cumulative = 0;
        for (var i = 0; i < aggregate.Bounds.Length; i++)
        {
            cumulative += series.BucketCount(i);
            WriteSample(text, aggregate.Name + "_bucket", series.Tags, Format(aggregate.Bounds[i]), cumulative);
        }

        WriteSample(text, aggregate.Name + "_bucket", series.Tags, "+Inf", series.Count);
        WriteSample(text, aggregate.Name + "_sum", series.Tags, null, series.Sum);
        WriteSample(text, aggregate.Name + "_count", series.Tags, null, series.Count);
    }

    private static void WriteSample(StringBuilder text, string name, KeyValuePair<string, object?>[] tags, string? le, double value)
    {
        text.Append(name);
        if (tags.Length > 0 || le is not null)
        {
            text.Append('{');
            var first = true;
            foreach (var (key, tagValue) in tags)
            {
                text.Append(first ? "" : ",").Append(LabelName(key)).Append("=\"")
                    .Append(EscapeLabel(Convert.ToString(tagValue, CultureInfo.InvariantCulture) ?? "")).Append('"');
                first = false;
            }

            if (le is not null)
            {
                text.Append(first ? "" : ",").Append("le=\"").Append(le).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(Format(value)).Append('\n');
    }

    private static string TypeOf(MetricKind kind) => kind switch
    {
        MetricKind.Counter => "counter",
        MetricKind.Histogram => "histogram",
        _ => "gauge",
    };

    private static string Format(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static string LabelName(string key) =>
        new([.. key.Select((c, i) => char.IsAsciiLetter(c) || c == '_' || (i > 0 && char.IsAsciiDigit(c)) ? c : '_')]);

    private static string EscapeLabel(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeHelp(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
