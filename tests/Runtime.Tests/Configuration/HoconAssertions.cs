using AuthActors.Runtime.Configuration;

namespace AuthActors.Runtime.Tests.Configuration;

/// <summary>Reads values out of a parsed tree by dotted path, for short assertions.</summary>
internal static class HoconAssertions
{
    public static HoconValue? At(this HoconValue root, string path)
    {
        HoconValue? current = root;
        foreach (var key in path.Split('.'))
        {
            current = current is HoconObject obj ? obj.Fields.GetValueOrDefault(key) : null;
        }

        return current;
    }

    public static string Text(this HoconValue root, string path) =>
        root.At(path).ShouldBeOfType<HoconScalar>().Text;

    public static string[] Texts(this HoconValue root, string path) =>
        root.At(path).ShouldBeOfType<HoconArray>().Items.Select(i => i.ShouldBeOfType<HoconScalar>().Text).ToArray();
}
