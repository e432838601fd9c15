using Microsoft.Extensions.Configuration;

namespace AuthActors.Runtime.Configuration;

/// <summary>A HOCON file as a configuration source.</summary>
public sealed class HoconConfigurationSource : IConfigurationSource
{
    /// <summary>The file to read; relative paths are taken from the current directory.</summary>
    public required string Path { get; init; }

    /// <summary>Whether a missing file is an empty configuration instead of an error.</summary>
    public bool Optional { get; init; }

    /// <summary>Where substitutions not found in the file are looked up; null: the process environment.</summary>
    public HostVariables? Environment { get; init; }

    /// <inheritdoc />
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new HoconConfigurationProvider(this);
}
