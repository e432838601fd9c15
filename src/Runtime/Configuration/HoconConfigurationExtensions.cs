using Microsoft.Extensions.Configuration;

namespace AuthActors.Runtime.Configuration;

/// <summary>Adds HOCON files to a configuration builder.</summary>
public static class HoconConfigurationExtensions
{
    /// <summary>
    /// Adds a HOCON file; also lets options binding read TimeSpan values written as HOCON durations. Substitutions
    /// from outside the file come from <paramref name="environment"/> (the process environment when null).
    /// </summary>
    public static IConfigurationBuilder AddHoconFile(
        this IConfigurationBuilder builder, string path, bool optional = false, HostVariables? environment = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(path);
        HoconTimeSpanConverter.Register();
        return builder.Add(new HoconConfigurationSource { Path = path, Optional = optional, Environment = environment });
    }
}
