namespace AuthActors.Runtime.Configuration;

/// <summary>Where a token or value was written, so that errors can point at it.</summary>
internal readonly record struct SourcePosition(string? FilePath, int Line, int Column)
{
    public HoconFormatException Error(string reason) => new(FilePath, Line, Column, reason);
}
