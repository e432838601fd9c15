namespace AuthActors.Runtime.Configuration;

/// <summary>The kinds of token the HOCON tokenizer produces.</summary>
internal enum HoconTokenKind
{
    OpenBrace,
    CloseBrace,
    OpenBracket,
    CloseBracket,
    Comma,
    Separator,
    PlusEquals,
    Newline,
    Whitespace,
    Quoted,
    Unquoted,
    Substitution,
    End,
}

/// <summary>One token; a substitution carries its parsed path and whether it is optional.</summary>
internal sealed record HoconToken(HoconTokenKind Kind, string Text, SourcePosition Position)
{
    public IReadOnlyList<string> Path { get; init; } = [];

    public bool Optional { get; init; }
}
