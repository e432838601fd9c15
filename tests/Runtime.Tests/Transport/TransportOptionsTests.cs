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
            "connect-timeout", "host", "max-frame-size", "max-in-flight-per-connection", "port", "reconnect-max-backoff",
            "reconnect-min-backoff", "request-timeout", "send-queue-limit",
        ]);
    }

    [Fact]
    public void Inverted_backoffs_are_refused_at_start()
    {
        var options = new TransportOptions { ReconnectMinBackoff = TimeSpan.FromSeconds(10), ReconnectMaxBackoff = TimeSpan.FromSeconds(1) };
        Should.Throw<ArgumentOutOfRangeException>(options.Validate).ParamName.ShouldBe("cluster.transport.reconnect-max-backoff");
        Should.Throw<ArgumentOutOfRangeException>(new TransportOptions { MaxFrameSize = new ByteSize(10) }.Validate);
    }
}
