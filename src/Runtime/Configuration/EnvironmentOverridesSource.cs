using System.Collections;
using Microsoft.Extensions.Configuration;

namespace AuthActors.Runtime.Configuration;

/// <summary>
/// Environment variables as configuration overrides: <c>PREFIX_A__B_C</c> sets key <c>a:b-c</c>. Shells do not allow
/// dashes in variable names, and no key uses an underscore, so an underscore stands for the dash of a HOCON key.
/// Keys are lower-cased, as every HOCON key here is, so that names a variable introduces (a client id) are too.
/// </summary>
public sealed class EnvironmentOverridesSource(string prefix) : IConfigurationSource
{
    /// <inheritdoc />
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(prefix);

    /// <summary>The key a variable name without its prefix sets: <c>A__B_C</c> is <c>a:b-c</c>.</summary>
    public static string KeyOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return string.Join(':', name.Split("__").Select(segment => segment.Replace('_', '-').ToLowerInvariant()));
    }

    private sealed class Provider(string prefix) : ConfigurationProvider
    {
        public override void Load()
        {
            var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
            {
                var name = (string)entry.Key;
                if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && name.Length > prefix.Length)
                {
                    data[KeyOf(name[prefix.Length..])] = entry.Value as string;
                }
            }

            Data = data;
        }
    }
}
