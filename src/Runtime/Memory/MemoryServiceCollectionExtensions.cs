using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AuthActors.Runtime.Memory;

/// <summary>Registers the bounded memory pool for Kestrel and the idle heap trimmer.</summary>
public static class MemoryServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="MemoryOptions"/>, makes Kestrel's listeners use <see cref="BoundedBlockMemoryPool"/> and starts
    /// <see cref="IdleHeapTrimmer"/>. Call before the web host is built: Kestrel takes the factory registered first.
    /// </summary>
    public static IServiceCollection AddMemoryBounds(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(MemoryOptions.Section).Get<MemoryOptions>() ?? new MemoryOptions();
        services.AddSingleton(options);
        services.AddSingleton<BoundedBlockMemoryPoolFactory>();
        services.Replace(ServiceDescriptor.Singleton<IMemoryPoolFactory<byte>>(s => s.GetRequiredService<BoundedBlockMemoryPoolFactory>()));
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<IdleHeapTrimmer>();
        return services;
    }
}
