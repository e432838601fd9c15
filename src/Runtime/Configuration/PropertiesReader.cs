using System.Globalization;
using System.Text;

namespace AuthActors.Runtime.Configuration;

/// <summary>Reads Java <c>.properties</c> text into (path, string value) pairs; keys split on every dot.</summary>
internal static class PropertiesReader
{
    public static IEnumerable<(string[] Path, string Value, SourcePosition Position)> Read(string text, string? filePath)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var lineNumber = i + 1;
            var logical = lines[i].TrimStart();
            if (logical.Length == 0 || logical[0] is '#' or '!')
            {
                continue;
            }

            // A line ending in an odd number of backslashes continues on the next line.
            while (EndsWithContinuation(logical) && i + 1 < lines.Length)
            {
                logical = logical[..^1] + lines[++i].TrimStart();
            }

            var position = new SourcePosition(filePath, lineNumber, 1);
            var (key, value) = SplitLine(logical, position);
            yield return (key.Split('.'), value, position);
        }
    }

    private static bool EndsWithContinuation(string line)
    {
        var count = 0;
        for (var i = line.Length - 1; i >= 0 && line[i] == '\\'; i--)
        {
            count++;
        }

        return count % 2 == 1;
    }

    private static (string Key, string Value) SplitLine(string line, SourcePosition position)
    {
        var end = 0;
        while (end < line.Length && line[end] is not ('=' or ':') && !char.IsWhiteSpace(line[end]))
        {
            end += line[end] == '\\' ? 2 : 1;
        }

        end = Math.Min(end, line.Length);
        var rest = end;
        while (rest < line.Length && char.IsWhiteSpace(line[rest]))
        {
            rest++;
        }

        if (rest < line.Length && line[rest] is '=' or ':')
        {
            rest++;
        }

        while (rest < line.Length && char.IsWhiteSpace(line[rest]))
        {
            rest++;
        }

        return (Unescape(line[..end], position), Unescape(line[rest..], position));
    }

    private static string Unescape(string text, SourcePosition position)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\\' || i + 1 >= text.Length)
            {
                builder.Append(c);
                continue;
            }

            var escaped = text[++i];
            switch (escaped)
            {
                case 't': builder.Append('\t'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 'f': builder.Append('\f'); break;
                case 'u':
                    if (i + 4 >= text.Length
                        || !int.TryParse(text.AsSpan(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                    {
                        throw position.Error("bad \\u escape in properties file");
                    }

                    builder.Append((char)code);
                    i += 4;
                    break;
                default: builder.Append(escaped); break;
            }
        }

        return builder.ToString();
    }
}
