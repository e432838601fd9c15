using System.ComponentModel;
using System.Globalization;

namespace AuthActors.Runtime.Configuration;

/// <summary>A size in bytes, parsed from HOCON size units (<c>4KiB</c>, <c>4 K</c>, <c>10MB</c>, <c>1g</c>, <c>512</c>).</summary>
[TypeConverter(typeof(ByteSizeConverter))]
public readonly record struct ByteSize(long Bytes)
{
    private static readonly Dictionary<string, decimal> Units = BuildUnits();

    /// <summary>Parses a size; powers of ten for kB/MB/..., powers of two for K/Ki/KiB/..., as HOCON.md says.</summary>
    /// <exception cref="FormatException">The text is not a size or does not fit in a long.</exception>
    public static ByteSize Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!UnitValue.TrySplit(text, out var number, out var unit) || !Units.TryGetValue(unit, out var multiplier))
        {
            throw new FormatException($"'{text}' is not a size: use a number and a unit such as B, kB, KiB, K, MB, MiB, M, GB, G.");
        }

        if (number < 0)
        {
            throw new FormatException($"Size '{text}' is negative.");
        }

        try
        {
            return new ByteSize((long)decimal.Truncate(number * multiplier));
        }
        catch (OverflowException)
        {
            throw new FormatException($"Size '{text}' does not fit in 64 bits.");
        }
    }

    /// <inheritdoc />
    public override string ToString() => Bytes.ToString(CultureInfo.InvariantCulture) + "B";

    private static Dictionary<string, decimal> BuildUnits()
    {
        var units = new Dictionary<string, decimal>(StringComparer.Ordinal)
        {
            [""] = 1, ["B"] = 1, ["b"] = 1, ["byte"] = 1, ["bytes"] = 1,
        };
        string[] decimalNames = ["kilo", "mega", "giga", "tera", "peta", "exa", "zetta", "yotta"];
        string[] binaryNames = ["kibi", "mebi", "gibi", "tebi", "pebi", "exbi", "zebi", "yobi"];
        const string letters = "KMGTPEZY";
        decimal power10 = 1, power2 = 1;
        for (var i = 0; i < letters.Length; i++)
        {
            power10 *= 1000;
            power2 *= 1024;
            var letter = letters[i].ToString();
            var lower = letter.ToLowerInvariant();
            units[(i == 0 ? "k" : letter) + "B"] = power10;
            units[decimalNames[i] + "byte"] = power10;
            units[decimalNames[i] + "bytes"] = power10;
            foreach (var name in new[] { letter, lower, letter + "i", letter + "iB", binaryNames[i] + "byte", binaryNames[i] + "bytes" })
            {
                units[name] = power2;
            }
        }

        return units;
    }
}
