using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AuthActors.Runtime.Transport;

/// <summary>Registers the transport with the generic host.</summary>
public static class TransportServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>cluster.transport</c> (checked at start), loads <c>cluster.tls</c> into a <see cref="TransportSecurity"/>
    /// and registers <see cref="PeerConnections"/>. The host adds
    /// its <see cref="WireSerializer"/> and <see cref="MemberIdentity"/>; a node also adds its
    /// <see cref="TransportRequestHandler"/> and listens with <see cref="TransportEndpoints.ListenForPeers"/>.
    /// </summary>
    public static IServiceCollection AddTransport(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TransportOptions>()
            .Bind(configuration.GetSection(TransportOptions.Section))
            .Validate(options =>
            {
                options.Validate();
                return true;
            })
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        // Loaded now, while the host is built, so that a bad certificate stops the start before this process joins.
        services.TryAddSingleton(TransportSecurity.FromConfiguration(configuration, TimeProvider.System));
        services.TryAddSingleton<PeerConnections>();
        return services;
    }
}
