using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace AuthActors.Runtime.Configuration;

/// <summary>Loads a HOCON file and flattens it into configuration keys (<c>gateway.tcp.port</c> becomes <c>gateway:tcp:port</c>).</summary>
public sealed class HoconConfigurationProvider(HoconConfigurationSource source) : ConfigurationProvider
{
    /// <summary>The source this provider reads.</summary>
    public HoconConfigurationSource Source { get; } = source ?? throw new ArgumentNullException(nameof(source));

    /// <inheritdoc />
    /// <exception cref="HoconFormatException">The file is malformed; the message names file, line and column.</exception>
    public override void Load()
    {
        var path = System.IO.Path.GetFullPath(Source.Path);
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (File.Exists(path))
        {
            Flatten(HoconParser.ParseFile(path, Source.Environment), null, data);
        }
        else if (!Source.Optional)
        {
            throw new FileNotFoundException($"The configuration file '{path}' was not found and is not optional.", path);
        }

        Data = data;
    }

    private static void Flatten(HoconValue value, string? prefix, Dictionary<string, string?> data)
    {
        switch (value)
        {
            case HoconObject obj:
                foreach (var (key, child) in obj.Fields)
                {
                    Flatten(child, Join(prefix, key), data);
                }

                MarkEmpty(obj.Fields.Count, prefix, data);
                break;
            case HoconArray array:
                for (var i = 0; i < array.Items.Count; i++)
                {
                    Flatten(array.Items[i], Join(prefix, i.ToString(CultureInfo.InvariantCulture)), data);
                }

                MarkEmpty(array.Items.Count, prefix, data);
                break;
            case HoconScalar scalar when prefix is not null:
                data[prefix] = scalar.Text;
                break;
            case HoconNull when prefix is not null:
                data[prefix] = null;
                break;
        }
    }

    // An empty object or array still shows its key (with a null value), as the JSON provider does.
    private static void MarkEmpty(int count, string? prefix, Dictionary<string, string?> data)
    {
        if (count == 0 && prefix is not null)
        {
            data[prefix] = null;
        }
    }

    private static string Join(string? prefix, string key) =>
        prefix is null ? key : prefix + ConfigurationPath.KeyDelimiter + key;
}
