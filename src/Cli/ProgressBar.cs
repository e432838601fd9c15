using System.Globalization;

namespace AuthActors.Cli;

/// <summary>
/// A progress bar on the error stream (so the output stays the report alone): redrawn in place on a terminal, one
/// line per step when the stream is a file or a pipe.
/// </summary>
internal sealed class ProgressBar(TextWriter writer, int total)
{
    private const int Width = 30;
    private readonly bool _inPlace = ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected;
    private int _done;

    public Task AdvanceAsync(int count)
    {
        _done += count;
        var filled = total == 0 ? Width : _done * Width / total;
        var line = string.Create(CultureInfo.InvariantCulture, $"[{new string('#', filled)}{new string('.', Width - filled)}] {_done}/{total} users");
        return _inPlace ? writer.WriteAsync("\r" + line) : writer.WriteLineAsync(line);
    }

    public Task DoneAsync() => _inPlace && total > 0 ? writer.WriteLineAsync() : Task.CompletedTask;
}
