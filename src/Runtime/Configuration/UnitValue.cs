using System.Globalization;
using System.Text.RegularExpressions;

namespace AuthActors.Runtime.Configuration;

/// <summary>Splits a HOCON units-format string ("30 s", "4KiB") into its number and unit name.</summary>
internal static partial class UnitValue
{
    [GeneratedRegex(@"^\s*([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)\s*(\p{L}*)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool TrySplit(string text, out decimal number, out string unit)
    {
        var match = Pattern().Match(text);
        unit = match.Success ? match.Groups[2].Value : string.Empty;
        number = 0;
        return match.Success
            && decimal.TryParse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }
}
