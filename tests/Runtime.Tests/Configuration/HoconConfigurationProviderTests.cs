using AuthActors.TestKit;
using AuthActors.Runtime.Configuration;
using Microsoft.Extensions.Configuration;

namespace AuthActors.Runtime.Tests.Configuration;

public sealed class HoconConfigurationProviderTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Tree_is_flattened_into_colon_separated_keys()
    {
        var file = _directory.Write("app.conf", "gateway.tcp.port = 7000\nseeds = [a, b]\nnothing = null\nempty {}");

        var configuration = new ConfigurationBuilder().AddHoconFile(file).Build();

        configuration["gateway:tcp:port"].ShouldBe("7000");
        configuration["seeds:0"].ShouldBe("a");
        configuration["seeds:1"].ShouldBe("b");
        configuration["nothing"].ShouldBeNull();
        configuration.GetSection("gateway:tcp").GetChildren().Select(c => c.Key).ShouldBe(["port"]);
    }

    [Fact]
    public void Later_sources_override_the_hocon_file()
    {
        var file = _directory.Write("app.conf", "a.b = from-file\na.c = kept");

        var configuration = new ConfigurationBuilder()
            .AddHoconFile(file)
            .AddInMemoryCollection([new("a:b", "override")])
            .Build();

        configuration["a:b"].ShouldBe("override");
        configuration["a:c"].ShouldBe("kept");
    }

    [Fact]
    public void Malformed_file_stops_build_with_file_and_line()
    {
        var file = _directory.Write("bad.conf", "a = 1\nb = {\n");

        var error = Should.Throw<HoconFormatException>(() => new ConfigurationBuilder().AddHoconFile(file).Build());

        error.FilePath.ShouldBe(file);
        error.Line.ShouldBe(3);
        error.Message.ShouldStartWith(file + ":3:");
    }

    [Fact]
    public void Missing_file_fails_unless_optional()
    {
        var missing = Path.Combine(_directory.Path, "missing.conf");

        Should.Throw<FileNotFoundException>(() => new ConfigurationBuilder().AddHoconFile(missing).Build());
        new ConfigurationBuilder().AddHoconFile(missing, optional: true).Build().AsEnumerable().ShouldBeEmpty();
    }

    [Fact]
    public void Options_bind_durations_and_sizes_written_in_hocon_units()
    {
        var file = _directory.Write(
            "app.conf",
            "server { idle-timeout = 30s, handshake = \"00:00:05\", poll = 250, max-frame = 4KiB, buffer = 10MB, name = edge }");

        var options = new ConfigurationBuilder().AddHoconFile(file).Build().GetSection("server").Get<ServerOptions>();

        options.ShouldNotBeNull();
        options.IdleTimeout.ShouldBe(TimeSpan.FromSeconds(30));
        options.Handshake.ShouldBe(TimeSpan.FromSeconds(5));
        options.Poll.ShouldBe(TimeSpan.FromMilliseconds(250));
        options.MaxFrame.ShouldBe(new ByteSize(4096));
        options.Buffer.Bytes.ShouldBe(10_000_000);
        options.Name.ShouldBe("edge");
    }

    [Fact]
    public void Registering_the_timespan_converter_twice_is_harmless()
    {
        HoconTimeSpanConverter.Register();
        HoconTimeSpanConverter.Register();

        System.ComponentModel.TypeDescriptor.GetConverter(typeof(TimeSpan)).ShouldBeOfType<HoconTimeSpanConverter>()
            .ConvertFromInvariantString("2 minutes").ShouldBe(TimeSpan.FromMinutes(2));
    }

    private sealed class ServerOptions
    {
        [ConfigurationKeyName("idle-timeout")]
        public TimeSpan IdleTimeout { get; set; }

        public TimeSpan Handshake { get; set; }

        public TimeSpan Poll { get; set; }

        [ConfigurationKeyName("max-frame")]
        public ByteSize MaxFrame { get; set; }

        public ByteSize Buffer { get; set; }

        public string? Name { get; set; }
    }
}
