using System.Globalization;
using System.Text;

namespace AuthActors.Gateway.Tests.Deployment;

/// <summary>
/// Reads the subset of YAML that docker-compose.yml keeps to: block maps, block lists of scalars, plain, "double" and
/// 'single' quoted scalars, comments. Anything else (anchors, flow collections, multi-line scalars) is refused, so
/// the compose file cannot drift out of what the deployment check understands. A map is a dictionary, a list a
/// list of strings, a scalar a string, an empty value null.
/// </summary>
internal static class ComposeYaml
{
    /// <summary>The document's top-level map.</summary>
    /// <exception cref="FormatException">The text leaves the subset; the message names the line.</exception>
    public static Dictionary<string, object?> Parse(string text)
    {
        var lines = Lines(text);
        var index = 0;
        if (lines.Count == 0)
        {
            return [];
        }

        var root = ParseMap(lines, ref index, lines[0].Indent);
        if (index < lines.Count)
        {
            throw Error(lines[index], "unexpected indentation");
        }

        return root;
    }

    private sealed record Line(int Number, int Indent, string Content);

    private static List<Line> Lines(string text)
    {
        var lines = new List<Line>();
        var number = 0;
        foreach (var raw in text.ReplaceLineEndings("\n").Split('\n'))
        {
            number++;
            if (raw.Contains('\t', StringComparison.Ordinal))
            {
                throw new FormatException($"line {number}: tabs are not YAML indentation");
            }

            var content = raw.TrimStart(' ');
            if (content.Length == 0 || content[0] == '#')
            {
                continue;
            }

            lines.Add(new Line(number, raw.Length - content.Length, content.TrimEnd()));
        }

        return lines;
    }

    private static object? ParseBlock(List<Line> lines, ref int index, int indent) =>
        IsListItem(lines[index].Content) ? ParseList(lines, ref index, indent) : ParseMap(lines, ref index, indent);

    private static Dictionary<string, object?> ParseMap(List<Line> lines, ref int index, int indent)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (index < lines.Count && lines[index].Indent == indent && !IsListItem(lines[index].Content))
        {
            var line = lines[index++];
            var colon = KeyEnd(line);
            var key = line.Content[..colon];
            var rest = line.Content[(colon + 1)..].Trim();
            if (!map.TryAdd(key, null))
            {
                throw Error(line, $"duplicate key '{key}'");
            }

            if (rest.Length > 0 && rest[0] != '#')
            {
                map[key] = Scalar(line, rest);
            }
            else if (index < lines.Count && lines[index].Indent > indent)
            {
                map[key] = ParseBlock(lines, ref index, lines[index].Indent);
            }
            else if (index < lines.Count && lines[index].Indent == indent && IsListItem(lines[index].Content))
            {
                map[key] = ParseList(lines, ref index, indent);
            }
        }

        if (index < lines.Count && lines[index].Indent > indent)
        {
            throw Error(lines[index], "unexpected indentation");
        }

        return map;
    }

    private static List<string> ParseList(List<Line> lines, ref int index, int indent)
    {
        var list = new List<string>();
        while (index < lines.Count && lines[index].Indent == indent && IsListItem(lines[index].Content))
        {
            var line = lines[index++];
            var item = line.Content[1..].Trim();
            if (item.Length == 0 || (item[0] is not ('"' or '\'') && item.Contains(": ", StringComparison.Ordinal)))
            {
                throw Error(line, "only scalars in lists");
            }

            list.Add(Scalar(line, item));
        }

        return list;
    }

    private static bool IsListItem(string content) => content == "-" || content.StartsWith("- ", StringComparison.Ordinal);

    // A key is plain: up to the first colon followed by a space or the end of the line.
    private static int KeyEnd(Line line)
    {
        for (var i = 0; i < line.Content.Length; i++)
        {
            if (line.Content[i] == ':' && (i + 1 == line.Content.Length || line.Content[i + 1] == ' '))
            {
                if (i == 0 || line.Content[0] is '"' or '\'' or '{' or '[' or '?')
                {
                    throw Error(line, "only plain keys");
                }

                return i;
            }
        }

        throw Error(line, "expected 'key: value'");
    }

    private static string Scalar(Line line, string text)
    {
        switch (text[0])
        {
            case '"':
                return DoubleQuoted(line, text);
            case '\'':
                var end = 1;
                var value = new StringBuilder();
                while (true)
                {
                    var quote = text.IndexOf('\'', end);
                    if (quote < 0)
                    {
                        throw Error(line, "unterminated quoted string");
                    }

                    value.Append(text, end, quote - end);
                    if (quote + 1 < text.Length && text[quote + 1] == '\'')
                    {
                        value.Append('\'');
                        end = quote + 2;
                        continue;
                    }

                    Trailing(line, text[(quote + 1)..]);
                    return value.ToString();
                }

            case '&' or '*' or '!' or '{' or '[' or '|' or '>' or '@' or '`':
                throw Error(line, $"'{text[0]}' is outside the subset the deployment check reads");
            default:
                var comment = text.IndexOf(" #", StringComparison.Ordinal);
                return (comment < 0 ? text : text[..comment]).TrimEnd();
        }
    }

    private static string DoubleQuoted(Line line, string text)
    {
        var value = new StringBuilder();
        for (var i = 1; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '"':
                    Trailing(line, text[(i + 1)..]);
                    return value.ToString();
                case '\\' when i + 1 < text.Length:
                    i++;
                    value.Append(text[i] switch
                    {
                        'n' => '\n',
                        't' => '\t',
                        '"' or '\\' or '/' => text[i],
                        _ => throw Error(line, string.Create(CultureInfo.InvariantCulture, $"escape \\{text[i]} is outside the subset")),
                    });
                    break;
                default:
                    value.Append(text[i]);
                    break;
            }
        }

        throw Error(line, "unterminated quoted string");
    }

    private static void Trailing(Line line, string rest)
    {
        rest = rest.Trim();
        if (rest.Length > 0 && rest[0] != '#')
        {
            throw Error(line, "text after a quoted string");
        }
    }

    private static FormatException Error(Line line, string message) =>
        new(string.Create(CultureInfo.InvariantCulture, $"docker-compose.yml line {line.Number}: {message}"));
}
