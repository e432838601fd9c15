using AuthActors.Runtime.Configuration;
using AuthActors.Runtime.Transport;
using AuthActors.TestKit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuthActors.Runtime.Tests.Transport;

public sealed class TransportOptionsTests
{
    [Fact]
    public void The_shared_configuration_states_every_default_of_the_options()
    {
        var configuration = new ConfigurationBuilder()
            .AddHoconFile(Path.Combine(RepositoryLayout.Root, "hocon", "shared.conf"))
            .Build();
        using var services = new ServiceCollection().AddTransport(configuration).BuildServiceProvider();

        services.GetRequiredService<IOptions<TransportOptions>>().Value.ShouldBeEquivalentTo(new TransportOptions());
        configuration.GetSection(TransportOptions.Section).GetChildren().Select(c => c.Key).Order(StringComparer.Ordinal).ShouldBe(
        [
            "advertise-host", "connect-timeout", "host", "max-frame-size", "max-in-flight-per-connection", "port", "reconnect-max-backoff",
            "reconnect-min-backoff", "request-timeout", "send-queue-limit",
        ]);
    }

    [Fact]
    public void A_node_advertises_its_bind_host_unless_told_another()
    {
        new TransportOptions { Host = "10.0.0.5" }.AdvertisedHost.ShouldBe("10.0.0.5");
        new TransportOptions { Host = "0.0.0.0", AdvertiseHost = "node-1" }.AdvertisedHost.ShouldBe("node-1");
    }

    [Fact]
    public void A_wildcard_bind_without_an_advertised_host_is_refused_at_start()
    {
        Should.Throw<ArgumentException>(new TransportOptions { Host = "0.0.0.0" }.Validate).ParamName.ShouldBe("cluster.transport.advertise-host");
        Should.Throw<ArgumentException>(new TransportOptions { Host = "::" }.Validate);
        new TransportOptions { Host = "0.0.0.0", AdvertiseHost = "node-1" }.Validate();
    }

    [Fact]
    public void Inverted_backoffs_are_refused_at_start()
    {
        var options = new TransportOptions { ReconnectMinBackoff = TimeSpan.FromSeconds(10), ReconnectMaxBackoff = TimeSpan.FromSeconds(1) };
        Should.Throw<ArgumentOutOfRangeException>(options.Validate).ParamName.ShouldBe("cluster.transport.reconnect-max-backoff");
        Should.Throw<ArgumentOutOfRangeException>(new TransportOptions { MaxFrameSize = new ByteSize(10) }.Validate);
    }
}
