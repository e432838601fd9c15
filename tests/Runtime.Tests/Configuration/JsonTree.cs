using System.Globalization;
using System.Text.Json;
using AuthActors.Runtime.Configuration;

namespace AuthActors.Runtime.Tests.Configuration;

/// <summary>Compares a HOCON tree with a JSON document: key order ignored, numbers by value; reports the first difference.</summary>
internal static class JsonTree
{
    public static string? FirstDifference(HoconValue actual, JsonElement expected, string path = "$")
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                if (actual is not HoconObject obj)
                {
                    return $"{path}: expected an object, got {actual.Kind}";
                }

                var expectedKeys = expected.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                var extra = obj.Fields.Keys.Where(k => !expectedKeys.Contains(k)).ToList();
                if (extra.Count > 0)
                {
                    return $"{path}: unexpected keys {string.Join(", ", extra)}";
                }

                foreach (var property in expected.EnumerateObject())
                {
                    if (!obj.Fields.TryGetValue(property.Name, out var child))
                    {
                        return $"{path}: missing key '{property.Name}'";
                    }

                    if (FirstDifference(child, property.Value, $"{path}.{property.Name}") is { } difference)
                    {
                        return difference;
                    }
                }

                return null;
            case JsonValueKind.Array:
                if (actual is not HoconArray array)
                {
                    return $"{path}: expected an array, got {actual.Kind}";
                }

                var items = expected.EnumerateArray().ToList();
                if (items.Count != array.Items.Count)
                {
                    return $"{path}: expected {items.Count} elements, got {array.Items.Count}";
                }

                return items.Select((item, i) => FirstDifference(array.Items[i], item, $"{path}[{i}]")).FirstOrDefault(d => d is not null);
            case JsonValueKind.String:
                return actual is HoconScalar { Kind: HoconValueKind.String } s && s.Text == expected.GetString()
                    ? null
                    : $"{path}: expected string \"{expected.GetString()}\", got {Describe(actual)}";
            case JsonValueKind.Number:
                return actual is HoconScalar { Kind: HoconValueKind.Number } n
                    && decimal.Parse(n.Text, NumberStyles.Float, CultureInfo.InvariantCulture) == expected.GetDecimal()
                    ? null
                    : $"{path}: expected number {expected.GetRawText()}, got {Describe(actual)}";
            case JsonValueKind.True or JsonValueKind.False:
                return actual is HoconScalar { Kind: HoconValueKind.Boolean } b && b.Text == (expected.GetBoolean() ? "true" : "false")
                    ? null
                    : $"{path}: expected {expected.GetRawText()}, got {Describe(actual)}";
            default:
                return actual is HoconNull ? null : $"{path}: expected null, got {Describe(actual)}";
        }
    }

    private static string Describe(HoconValue value) => value switch
    {
        HoconScalar scalar => $"{scalar.Kind} \"{scalar.Text}\"",
        _ => value.Kind.ToString(),
    };
}
