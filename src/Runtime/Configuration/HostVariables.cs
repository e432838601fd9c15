using System.Collections;

namespace AuthActors.Runtime.Configuration;

/// <summary>
/// The environment variables a host reads its settings from (<c>AUTHACTORS_*</c>, and the names HOCON substitutes):
/// the process environment for a process, or an explicit set for a host started inside another process (a test
/// runs several hosts in one process, and the process environment is shared by all of them).
/// </summary>
public sealed class HostVariables
{
    private readonly Dictionary<string, string> _values;

    private HostVariables(Dictionary<string, string> values)
    {
        _values = values;
    }

    /// <summary>The variables as given.</summary>
    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>A snapshot of this process's environment.</summary>
    public static HostVariables FromProcess()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Value is string value)
            {
                values[(string)entry.Key] = value;
            }
        }

        return new HostVariables(values);
    }

    /// <summary>Exactly these variables, and nothing of the process environment.</summary>
    public static HostVariables Of(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new HostVariables(new Dictionary<string, string>(values, StringComparer.Ordinal));
    }

    /// <summary>The value of <paramref name="name"/>, or null when it is not set.</summary>
    public string? Find(string name) => _values.GetValueOrDefault(name);
}
