namespace AuthActors.Cli;

/// <summary>A plain text table for people: a header, then rows, each column as wide as its widest cell.</summary>
internal sealed class Table(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public Table Add(params string?[] cells)
    {
        _rows.Add([.. cells.Select(c => c ?? "-")]);
        return this;
    }

    public async Task WriteAsync(TextWriter output)
    {
        var widths = headers.Select((h, i) => _rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        await output.WriteLineAsync(Line(headers, widths));
        foreach (var row in _rows)
        {
            await output.WriteLineAsync(Line(row, widths));
        }
    }

    // The last column is not padded: no trailing spaces.
    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
}
