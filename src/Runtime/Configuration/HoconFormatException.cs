using System.Globalization;

namespace AuthActors.Runtime.Configuration;

/// <summary>A HOCON document is malformed or cannot be resolved; the message starts with <c>file:line:column:</c>.</summary>
public sealed class HoconFormatException : Exception
{
    /// <summary>Creates the exception for a position in a file (or in text when <paramref name="filePath"/> is null).</summary>
    public HoconFormatException(string? filePath, int line, int column, string reason)
        : base(string.Create(CultureInfo.InvariantCulture, $"{filePath ?? "<text>"}:{line}:{column}: {reason}"))
    {
        FilePath = filePath;
        Line = line;
        Column = column;
        Reason = reason;
    }

    /// <summary>The file the error is in, or null when the text was not read from a file.</summary>
    public string? FilePath { get; }

    /// <summary>The 1-based line of the error.</summary>
    public int Line { get; }

    /// <summary>The 1-based column of the error.</summary>
    public int Column { get; }

    /// <summary>The message without the position prefix.</summary>
    public string Reason { get; }
}
