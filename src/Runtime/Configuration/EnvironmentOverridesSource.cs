using Microsoft.Extensions.Configuration;

namespace AuthActors.Runtime.Configuration;

/// <summary>
/// Environment variables as configuration overrides: <c>PREFIX_A__B_C</c> sets key <c>a:b-c</c>. Shells do not allow
/// dashes in variable names, and no key uses an underscore, so an underscore stands for the dash of a HOCON key.
/// Keys are lower-cased, as every HOCON key here is, so that names a variable introduces (a client id) are too.
/// The variables are the process environment's, or the <see cref="HostVariables"/> given (a host in a test process).
/// </summary>
public sealed class EnvironmentOverridesSource(string prefix, HostVariables? variables = null) : IConfigurationSource
{
    /// <inheritdoc />
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(prefix, variables);

    /// <summary>The key a variable name without its prefix sets: <c>A__B_C</c> is <c>a:b-c</c>.</summary>
    public static string KeyOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return string.Join(':', name.Split("__").Select(segment => segment.Replace('_', '-').ToLowerInvariant()));
    }

    private sealed class Provider(string prefix, HostVariables? variables) : ConfigurationProvider
    {
        public override void Load()
        {
            var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, value) in (variables ?? HostVariables.FromProcess()).Values)
            {
                if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && name.Length > prefix.Length)
                {
                    data[KeyOf(name[prefix.Length..])] = value;
                }
            }

            Data = data;
        }
    }
}
