using System.Globalization;
using System.Text.Json;
using Akka.Configuration.Hocon;

namespace AuthActors.Actors.Tests.Configuration;

/// <summary>Reads a corpus file with Akka.NET's HOCON parser and compares the tree with the expected JSON.</summary>
internal static class AkkaHoconReading
{
    /// <summary>Null when <paramref name="file"/> reads as <paramref name="expected"/>; else the first difference.</summary>
    public static string? Difference(string file, JsonElement expected)
    {
        HoconRoot root;
        try
        {
            root = Parse(file);
        }
        catch (Exception failed) when (failed is not OutOfMemoryException)
        {
            return $"does not parse: {failed.GetType().Name}: {failed.Message.Split('\n')[0]}";
        }

        return Difference("", root.Value, expected);
    }

    // Akka leaves includes to the caller: resolved relative to the including file, as the specification asks, a name
    // without an extension as its .conf or .json file (Akka reads no .properties).
    private static HoconRoot Parse(string file)
    {
        var directory = Path.GetDirectoryName(file)!;
        return Parser.Parse(File.ReadAllText(file), included =>
        {
            var path = Path.Combine(directory, included.Trim('"'));
            var found = new[] { path, path + ".conf", path + ".json" }.FirstOrDefault(File.Exists)
                ?? throw new FileNotFoundException($"no .conf or .json for include '{included}'", path);
            return Parse(found);
        });
    }

    private static string? Difference(string path, HoconValue actual, JsonElement expected)
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                if (!actual.IsObject())
                {
                    return $"{path}: an object was expected";
                }

                var fields = actual.GetObject().Items;
                var names = expected.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                if (fields.Keys.FirstOrDefault(k => !names.Contains(k)) is { } extra)
                {
                    return $"{path}: unexpected key '{extra}'";
                }

                foreach (var property in expected.EnumerateObject())
                {
                    if (!fields.TryGetValue(property.Name, out var value))
                    {
                        return $"{path}: missing key '{property.Name}'";
                    }

                    if (Difference($"{path}.{property.Name}", value, property.Value) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.Array:
                // An empty array is no array to IsArray() (Akka keeps it as one empty element), but reads as an empty
                // list (Config.GetStringList), which is what a caller sees.
                IList<HoconValue> items = actual.Values is [HoconArray empty] && empty.Count == 0 ? []
                    : actual.IsArray() ? actual.GetArray() : null!;
                if (items is null)
                {
                    return $"{path}: an array was expected";
                }

                var wanted = expected.EnumerateArray().ToList();
                if (items.Count != wanted.Count)
                {
                    return $"{path}: {items.Count} items where {wanted.Count} were expected";
                }

                for (var i = 0; i < items.Count; i++)
                {
                    if (Difference($"{path}[{i}]", items[i], wanted[i]) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            default:
                // Akka's HOCON keeps every scalar as text; JSON's numbers, booleans and null compare by their text.
                var text = actual.IsString() ? actual.GetString() : null;
                var want = expected.ValueKind switch
                {
                    JsonValueKind.String => expected.GetString(),
                    JsonValueKind.Null => null,
                    JsonValueKind.Number => expected.GetRawText(),
                    _ => expected.GetRawText(),
                };
                return Same(text, want, expected.ValueKind) ? null : $"{path}: '{text}' where '{want}' was expected";
        }
    }

    private static bool Same(string? text, string? want, JsonValueKind kind) => kind switch
    {
        JsonValueKind.Null => text is null or "null",
        JsonValueKind.Number => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
            && double.TryParse(want, NumberStyles.Float, CultureInfo.InvariantCulture, out var b) && a.Equals(b),
        _ => string.Equals(text, want, StringComparison.Ordinal),
    };
}
