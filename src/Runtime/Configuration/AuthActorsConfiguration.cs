using Microsoft.Extensions.Configuration;

namespace AuthActors.Runtime.Configuration;

/// <summary>
/// Loads a role's configuration: <c>hocon/&lt;role&gt;.conf</c> from <c>AUTHACTORS_CONFIG</c> (a directory) or from
/// the folder beside the executable, then environment variables prefixed <c>AUTHACTORS_</c>, which win.
/// </summary>
public static class AuthActorsConfiguration
{
    /// <summary>The environment variable naming the configuration directory.</summary>
    public const string DirectoryVariable = "AUTHACTORS_CONFIG";

    /// <summary>The prefix of environment variables that override keys (<c>AUTHACTORS_GATEWAY__TCP__PORT=4300</c>).</summary>
    public const string EnvironmentPrefix = "AUTHACTORS_";

    /// <summary>The directory the role files are read from, by <paramref name="variables"/> (null: the process environment).</summary>
    public static string ResolveDirectory(HostVariables? variables = null)
    {
        var configured = variables is null ? Environment.GetEnvironmentVariable(DirectoryVariable) : variables.Find(DirectoryVariable);
        return string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(AppContext.BaseDirectory, "hocon")
            : Path.GetFullPath(configured);
    }

    /// <summary>
    /// Adds the role's file and the environment overrides to <paramref name="builder"/>, both read from
    /// <paramref name="variables"/> (null: the process environment).
    /// </summary>
    /// <exception cref="HoconFormatException">The file is malformed; the message names file, line and column.</exception>
    public static IConfigurationBuilder AddAuthActorsRole(this IConfigurationBuilder builder, string role, HostVariables? variables = null)
    {
        var file = Path.Combine(ResolveDirectory(variables), role + ".conf");
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"configuration file {file} not found; set {DirectoryVariable} to the hocon directory", file);
        }

        return builder.AddHoconFile(file, environment: variables).Add(new EnvironmentOverridesSource(EnvironmentPrefix, variables));
    }
}
