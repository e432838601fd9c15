using System.Collections.ObjectModel;

namespace AuthActors.Runtime.Configuration;

/// <summary>A resolved HOCON object; fields keep the order in which they were first defined.</summary>
public sealed class HoconObject : HoconValue
{
    /// <summary>An object with no fields.</summary>
    public static readonly HoconObject Empty = new([]);

    /// <summary>Creates an object from fields in definition order; a repeated key keeps the last value.</summary>
    public HoconObject(IEnumerable<KeyValuePair<string, HoconValue>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var map = new Dictionary<string, HoconValue>(StringComparer.Ordinal);
        foreach (var (key, value) in fields)
        {
            map[key] = value;
        }

        Fields = new ReadOnlyDictionary<string, HoconValue>(map);
    }

    /// <inheritdoc />
    public override HoconValueKind Kind => HoconValueKind.Object;

    /// <summary>The fields by key.</summary>
    public IReadOnlyDictionary<string, HoconValue> Fields { get; }
}
