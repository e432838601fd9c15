namespace AuthActors.Runtime.Configuration;

// The unresolved tree the parser builds; substitutions and merges are resolved afterwards against the whole tree.

/// <summary>A value as parsed, before substitutions are resolved.</summary>
internal abstract record RawNode(SourcePosition Position);

/// <summary>A value that needs no resolution.</summary>
internal sealed record RawScalar(HoconValue Value, SourcePosition Position) : RawNode(Position);

/// <summary>Whitespace between the parts of a concatenation; it counts only when the result is a string.</summary>
internal sealed record RawWhitespace(string Text, SourcePosition Position) : RawNode(Position);

/// <summary>An object literal; the parser writes repeated keys into it in place, so it is deliberately mutable.</summary>
internal sealed record RawObject(SourcePosition Position) : RawNode(Position)
{
    public Dictionary<string, RawNode> Fields { get; } = new(StringComparer.Ordinal);
}

/// <summary>An array literal.</summary>
internal sealed record RawArray(IReadOnlyList<RawNode> Items, SourcePosition Position) : RawNode(Position);

/// <summary>Values written next to each other: strings join, arrays concatenate, objects merge.</summary>
internal sealed record RawConcat(IReadOnlyList<RawNode> Parts, SourcePosition Position) : RawNode(Position);

/// <summary>A <c>${path}</c>; <paramref name="Prefix"/> is where the including file placed it, tried first.</summary>
internal sealed record RawSubstitution(
    IReadOnlyList<string> Path,
    bool Optional,
    IReadOnlyList<string> Prefix,
    SourcePosition Position) : RawNode(Position)
{
    public string Display => (Optional ? "${?" : "${") + string.Join('.', Path) + "}";
}

/// <summary>A substitution that refers to the field being defined: it reads the value the field had before.</summary>
internal sealed record RawSelfReference(RawNode? Previous, IReadOnlyList<string> Remaining, RawSubstitution Origin)
    : RawNode(Origin.Position);

/// <summary>A key assigned twice where the later value is not known until resolution (it may be an object or missing).</summary>
internal sealed record RawMerge(RawNode Older, RawNode Newer) : RawNode(Newer.Position);
