using System.Diagnostics.Metrics;
using AuthActors.Runtime.Diagnostics;

namespace AuthActors.Gateway.Tests.Operations;

/// <summary>The test's parser refuses what Prometheus refuses, and the exporter's output passes it, escapes included.</summary>
public sealed class PrometheusTextTests
{
    [Theory]
    [InlineData("x_total 1\n", "no TYPE")]
    [InlineData("# TYPE x counter\nx 1", "no final line feed")]
    [InlineData("# TYPE x counter\nx{a=\"1\",a=\"2\"} 1\n", "label twice")]
    [InlineData("# TYPE x counter\nx{a=\"\\q\"} 1\n", "bad escape")]
    [InlineData("# TYPE x counter\nx one\n", "bad value")]
    [InlineData("# TYPE x counter\nx -1\n", "negative counter")]
    [InlineData("# TYPE x gauge\n# TYPE y gauge\nx 1\ny 1\nx 2\n", "family split")]
    [InlineData("# TYPE x gauge\nx 1\nx 2\n", "duplicate series")]
    [InlineData("# TYPE x histogram\nx_bucket{le=\"1\"} 2\nx_bucket{le=\"+Inf\"} 1\nx_sum 1\nx_count 1\n", "buckets not cumulative")]
    [InlineData("# TYPE x histogram\nx_bucket{le=\"1\"} 1\nx_sum 1\nx_count 1\n", "no +Inf bucket")]
    [InlineData("# TYPE x gauge\n\nx 1\n", "empty line")]
    [InlineData("# TYPE 1x gauge\n", "bad name")]
    public void Malformed_text_is_refused(string text, string why) =>
        Should.Throw<FormatException>(() => PrometheusText.Parse(text), why);

    [Fact]
    public void Exporter_output_parses_with_escaped_labels_and_cumulative_buckets()
    {
        using var meter = new Meter("AuthActors.Tests." + Guid.NewGuid().ToString("N"));
        using var exporter = new PrometheusExporter(meter.Name);
        var counter = meter.CreateCounter<long>("test.things", description: "Things \\ counted\nby kind.");
        var histogram = meter.CreateHistogram("test.wait", unit: "s", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1] });
        var gauge = meter.CreateUpDownCounter<long>("test.open");
        counter.Add(2, new KeyValuePair<string, object?>("kind", "a \"quoted\" \\ value\nwith a line feed"));
        counter.Add(3, new KeyValuePair<string, object?>("kind", "plain"));
        histogram.Record(0.05);
        histogram.Record(0.5);
        histogram.Record(5);
        gauge.Add(4);
        gauge.Add(-1);

        var metrics = PrometheusText.Parse(exporter.Scrape());

        metrics.Families["test_things_total"].Help.ShouldBe("Things \\ counted\nby kind.");
        metrics.Value("test_things_total", ("kind", "a \"quoted\" \\ value\nwith a line feed")).ShouldBe(2);
        metrics.Value("test_things_total", ("kind", "plain")).ShouldBe(3);
        metrics.Value("test_things_total").ShouldBeNull();
        metrics.Value("test_wait_seconds_bucket", ("le", "0.1")).ShouldBe(1);
        metrics.Value("test_wait_seconds_bucket", ("le", "1")).ShouldBe(2);
        metrics.Value("test_wait_seconds_bucket", ("le", "+Inf")).ShouldBe(3);
        metrics.Value("test_wait_seconds_sum")!.Value.ShouldBe(5.55, 1e-9);
        metrics.Value("test_open").ShouldBe(3);
        metrics.Families["test_open"].Type.ShouldBe("gauge");
    }
}
