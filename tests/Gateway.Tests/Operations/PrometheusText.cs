using System.Globalization;
using System.Text.RegularExpressions;

namespace AuthActors.Gateway.Tests.Operations;

/// <summary>
/// A strict reader of the Prometheus text exposition format (0.0.4), so that <c>/metrics</c> is checked against the
/// format, not against our own writer: metric and label name syntax, HELP and TYPE once per family and before its
/// samples, a family's samples together, label value escapes, float syntax, no duplicate series, and a histogram's
/// buckets cumulative and ending in <c>+Inf</c> equal to <c>_count</c>. Anything else throws <see cref="FormatException"/>.
/// </summary>
public sealed partial class PrometheusText
{
    private static readonly string[] Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    private PrometheusText(Dictionary<string, MetricFamily> families) => Families = families;

    /// <summary>The families by name.</summary>
    public IReadOnlyDictionary<string, MetricFamily> Families { get; }

    /// <summary>Parses a whole exposition.</summary>
    public static PrometheusText Parse(string text)
    {
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            throw new FormatException("the exposition must end with a line feed");
        }

        var families = new Dictionary<string, MetricFamily>(StringComparer.Ordinal);
        var finished = new HashSet<string>(StringComparer.Ordinal);
        MetricFamily? current = null;
        var lines = text.Split('\n');
        for (var number = 1; number <= lines.Length - 1; number++)
        {
            var line = lines[number - 1];
            try
            {
                if (line.Length == 0)
                {
                    throw new FormatException("empty line");
                }

                if (line.StartsWith('#'))
                {
                    ReadComment(line, families, finished, ref current);
                    continue;
                }

                var sample = ReadSample(line);
                var family = FamilyOf(sample.Name, families);
                if (family is null)
                {
                    throw new FormatException($"sample {sample.Name} has no TYPE line before it");
                }

                if (!ReferenceEquals(family, current))
                {
                    if (finished.Contains(family.Name) || family.Samples.Count > 0)
                    {
                        throw new FormatException($"samples of {family.Name} are not together");
                    }

                    if (current is not null)
                    {
                        finished.Add(current.Name);
                    }

                    current = family;
                }

                if (family.Samples.Any(s => s.Name == sample.Name && s.Labels.Count == sample.Labels.Count && !s.Labels.Except(sample.Labels).Any()))
                {
                    throw new FormatException($"duplicate series {sample.Name}");
                }

                family.Samples.Add(sample);
            }
            catch (FormatException error)
            {
                throw new FormatException($"line {number}: {error.Message}: {line}", error);
            }
        }

        foreach (var family in families.Values)
        {
            Validate(family);
        }

        return new PrometheusText(families);
    }

    /// <summary>The value of the one sample named <paramref name="name"/> with exactly <paramref name="labels"/>; null when absent.</summary>
    public double? Value(string name, params (string Name, string Value)[] labels)
    {
        foreach (var family in Families.Values)
        {
            foreach (var sample in family.Samples)
            {
                if (sample.Name == name && sample.Labels.Count == labels.Length && labels.All(l => sample.Labels.TryGetValue(l.Name, out var v) && v == l.Value))
                {
                    return sample.Value;
                }
            }
        }

        return null;
    }

    private static void ReadComment(string line, Dictionary<string, MetricFamily> families, HashSet<string> finished, ref MetricFamily? current)
    {
        var help = HelpLine().Match(line);
        var type = TypeLine().Match(line);
        if (!help.Success && !type.Success)
        {
            if (line.StartsWith("# HELP", StringComparison.Ordinal) || line.StartsWith("# TYPE", StringComparison.Ordinal))
            {
                throw new FormatException("malformed HELP or TYPE line");
            }

            return;
        }

        var name = (help.Success ? help : type).Groups[1].Value;
        if (!families.TryGetValue(name, out var family))
        {
            family = new MetricFamily(name);
            families.Add(name, family);
        }

        if (family.Samples.Count > 0)
        {
            throw new FormatException($"HELP or TYPE of {name} after its samples");
        }

        if (help.Success)
        {
            if (family.Help is not null)
            {
                throw new FormatException($"second HELP for {name}");
            }

            family.Help = Unescape(help.Groups[2].Value, allowQuote: false);
        }
        else
        {
            if (family.Type is not null)
            {
                throw new FormatException($"second TYPE for {name}");
            }

            if (!Types.Contains(type.Groups[2].Value))
            {
                throw new FormatException($"unknown type {type.Groups[2].Value}");
            }

            family.Type = type.Groups[2].Value;
        }

        if (current is not null && !ReferenceEquals(current, family))
        {
            finished.Add(current.Name);
            current = null;
        }
    }

    private static Sample ReadSample(string line)
    {
        var name = MetricName().Match(line);
        if (!name.Success)
        {
            throw new FormatException("no metric name");
        }

        var position = name.Length;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (position < line.Length && line[position] == '{')
        {
            position++;
            while (line[position] != '}')
            {
                var label = LabelName().Match(line, position);
                if (!label.Success || label.Index != position)
                {
                    throw new FormatException("bad label name");
                }

                position += label.Length;
                if (line[position] != '=' || line[position + 1] != '"')
                {
                    throw new FormatException("label without =\"");
                }

                position += 2;
                var start = position;
                while (line[position] != '"')
                {
                    position += line[position] == '\\' ? 2 : 1;
                }

                if (!labels.TryAdd(label.Value, Unescape(line[start..position], allowQuote: true)))
                {
                    throw new FormatException($"label {label.Value} twice");
                }

                position++;
                if (line[position] == ',')
                {
                    position++;
                }
                else if (line[position] != '}')
                {
                    throw new FormatException("labels not separated by ,");
                }
            }

            position++;
        }

        if (position >= line.Length || line[position] != ' ')
        {
            throw new FormatException("no space before the value");
        }

        var parts = line[(position + 1)..].Split(' ');
        if (parts.Length is < 1 or > 2 || (parts.Length == 2 && !long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
        {
            throw new FormatException("value (and optional integer timestamp) expected");
        }

        return new Sample(name.Value, labels, ParseValue(parts[0]));
    }

    private static double ParseValue(string text) => text switch
    {
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ when FloatSyntax().IsMatch(text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => throw new FormatException($"bad value {text}"),
    };

    private static string Unescape(string text, bool allowQuote)
    {
        var result = new System.Text.StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                if (text[i] == '\n' || (allowQuote && text[i] == '"'))
                {
                    throw new FormatException("unescaped character");
                }

                result.Append(text[i]);
                continue;
            }

            result.Append(++i < text.Length ? text[i] switch
            {
                '\\' => '\\',
                'n' => '\n',
                '"' when allowQuote => '"',
                _ => throw new FormatException($"bad escape \\{text[i]}"),
            } : throw new FormatException("dangling backslash"));
        }

        return result.ToString();
    }

    private static MetricFamily? FamilyOf(string sampleName, Dictionary<string, MetricFamily> families)
    {
        if (families.TryGetValue(sampleName, out var family))
        {
            return family;
        }

        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal)
                && families.TryGetValue(sampleName[..^suffix.Length], out family) && family.Type is "histogram" or "summary")
            {
                return family;
            }
        }

        return null;
    }

    private static void Validate(MetricFamily family)
    {
        if (family.Type is null)
        {
            throw new FormatException($"{family.Name} has HELP but no TYPE");
        }

        if (family.Type == "counter" && family.Samples.Any(s => s.Value < 0 || double.IsNaN(s.Value)))
        {
            throw new FormatException($"counter {family.Name} has a negative value");
        }

        if (family.Type != "histogram")
        {
            if (family.Samples.Any(s => s.Name != family.Name))
            {
                throw new FormatException($"{family.Name}: a sample of another name in a {family.Type}");
            }

            return;
        }

        // Per series (labels without le): buckets in ascending le, cumulative, +Inf last and equal to _count.
        foreach (var series in family.Samples.GroupBy(s => string.Join(",", s.Labels.Where(l => l.Key != "le").OrderBy(l => l.Key, StringComparer.Ordinal))))
        {
            var buckets = series.Where(s => s.Name == family.Name + "_bucket").ToList();
            var count = series.SingleOrDefault(s => s.Name == family.Name + "_count") ?? throw new FormatException($"{family.Name} without _count");
            _ = series.SingleOrDefault(s => s.Name == family.Name + "_sum") ?? throw new FormatException($"{family.Name} without _sum");
            if (buckets.Count == 0 || buckets.Any(b => !b.Labels.ContainsKey("le")))
            {
                throw new FormatException($"{family.Name}: buckets need an le label");
            }

            var bounds = buckets.Select(b => ParseValue(b.Labels["le"])).ToList();
            if (!double.IsPositiveInfinity(bounds[^1]) || bounds.Zip(bounds.Skip(1)).Any(p => p.First >= p.Second))
            {
                throw new FormatException($"{family.Name}: le bounds must ascend and end in +Inf");
            }

            if (buckets.Zip(buckets.Skip(1)).Any(p => p.First.Value > p.Second.Value) || buckets[^1].Value != count.Value)
            {
                throw new FormatException($"{family.Name}: buckets must be cumulative and +Inf must equal _count");
            }
        }
    }

    [GeneratedRegex(@"^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$")]
    private static partial Regex HelpLine();

    [GeneratedRegex(@"^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (\S+)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"[a-zA-Z_][a-zA-Z0-9_]*")]
    private static partial Regex LabelName();

    [GeneratedRegex(@"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")]
    private static partial Regex FloatSyntax();
}

/// <summary>A metric family: its name, HELP, TYPE and samples.</summary>
public sealed class MetricFamily(string name)
{
    public string Name { get; } = name;

    public string? Help { get; set; }

    public string? Type { get; set; }

    public List<Sample> Samples { get; } = [];
}

/// <summary>One sample line.</summary>
public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
