using AuthActors.Runtime.Configuration;

namespace AuthActors.Runtime.Tests.Configuration;

public sealed class UnitsTests
{
    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("5 m", 300_000)]
    [InlineData("100ms", 100)]
    [InlineData("2 minutes", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1 day", 86_400_000)]
    [InlineData("250", 250)]
    [InlineData("1.5s", 1_500)]
    [InlineData("00:00:30", 30_000)]
    [InlineData("1.02:00:00", 93_600_000)]
    public void Duration_parses_hocon_units_and_timespan_format(string text, long milliseconds) =>
        HoconDuration.Parse(text).ShouldBe(TimeSpan.FromMilliseconds(milliseconds));

    [Fact]
    public void Duration_parses_sub_millisecond_units()
    {
        HoconDuration.Parse("1500us").ShouldBe(TimeSpan.FromTicks(15_000));
        HoconDuration.Parse("300ns").ShouldBe(TimeSpan.FromTicks(3));
    }

    [Theory]
    [InlineData("30 S")]
    [InlineData("ten seconds")]
    [InlineData("5 weeks")]
    [InlineData("")]
    public void Duration_rejects_unknown_units(string text) =>
        Should.Throw<FormatException>(() => HoconDuration.Parse(text));

    [Theory]
    [InlineData("4KiB", 4096)]
    [InlineData("4 K", 4096)]
    [InlineData("4k", 4096)]
    [InlineData("10MB", 10_000_000)]
    [InlineData("10 megabytes", 10_000_000)]
    [InlineData("1g", 1_073_741_824)]
    [InlineData("2 GiB", 2_147_483_648)]
    [InlineData("3kB", 3_000)]
    [InlineData("512", 512)]
    [InlineData("7 bytes", 7)]
    [InlineData("1.5K", 1536)]
    public void Byte_size_parses_hocon_units(string text, long bytes) =>
        ByteSize.Parse(text).Bytes.ShouldBe(bytes);

    [Theory]
    [InlineData("4 KB")]
    [InlineData("-1")]
    [InlineData("1 ZB")]
    [InlineData("lots")]
    public void Byte_size_rejects_unknown_units_and_out_of_range_values(string text) =>
        Should.Throw<FormatException>(() => ByteSize.Parse(text));
}
