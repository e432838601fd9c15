using System.Globalization;
using System.Text;

namespace AuthActors.Bench.Reporting;

/// <summary>A small Markdown table, written to the console once a scenario has its figures.</summary>
internal sealed class MarkdownTable(params string[] headers)
{
    private readonly List<string[]> rows = [];

    public MarkdownTable Row(params object[] cells)
    {
        rows.Add([.. cells.Select(Format)]);
        return this;
    }

    public void Print(string title)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"### {title}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {MachineInfo.Describe()}");
        text.AppendLine();
        text.AppendLine("| " + string.Join(" | ", headers) + " |");
        text.AppendLine("|" + string.Concat(headers.Select(_ => "---|")));
        foreach (var row in rows)
        {
            text.AppendLine("| " + string.Join(" | ", row) + " |");
        }

        Console.WriteLine(text.ToString());
    }

    private static string Format(object cell) => cell switch
    {
        double d => d.ToString(d >= 100 ? "N0" : "N2", CultureInfo.InvariantCulture),
        long or int => string.Format(CultureInfo.InvariantCulture, "{0:N0}", cell),
        _ => Convert.ToString(cell, CultureInfo.InvariantCulture) ?? "",
    };
}
