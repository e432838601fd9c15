namespace AuthActors.Runtime.Configuration;

/// <summary>Parses the tokens of one file into the unresolved tree shared by the whole document and its includes.</summary>
internal sealed partial class HoconSyntaxParser
{
    private readonly List<HoconToken> _tokens;
    private readonly string? _filePath;
    private readonly ParseSession _session;

    // Where the including file placed this file; substitutions are tried under it first (HOCON.md, includes).
    private readonly string[] _includePrefix;
    private int _index;

    // The absolute path of the field whose value is being parsed, or null inside values that are not fields.
    private string[]? _fieldPath;

    private HoconSyntaxParser(string text, string? filePath, ParseSession session, string[] includePrefix)
    {
        _tokens = HoconTokenizer.Tokenize(text, filePath);
        _filePath = filePath;
        _session = session;
        _includePrefix = includePrefix;
    }

    /// <summary>Parses a whole document: an object (braces optional) or an array.</summary>
    public static RawNode ParseDocument(string text, string? filePath, ParseSession session)
    {
        var parser = new HoconSyntaxParser(text, filePath, session, []);
        parser.SkipBlank();
        if (parser.Peek.Kind == HoconTokenKind.OpenBracket)
        {
            var array = parser.ParseArray();
            parser.ExpectEnd();
            return array;
        }

        parser.ParseRootObjectInto(session.Root, []);
        return session.Root;
    }

    private HoconToken Peek => _tokens[_index];

    private HoconToken Next() => _tokens[_index++];

    private void SkipWhitespace()
    {
        while (Peek.Kind == HoconTokenKind.Whitespace)
        {
            _index++;
        }
    }

    private void SkipBlank()
    {
        while (Peek.Kind is HoconTokenKind.Whitespace or HoconTokenKind.Newline)
        {
            _index++;
        }
    }

    private void ExpectEnd()
    {
        SkipBlank();
        if (Peek.Kind != HoconTokenKind.End)
        {
            throw Unexpected(Peek, "end of file");
        }
    }

    private static HoconFormatException Unexpected(HoconToken token, string expected)
    {
        var found = token.Kind switch
        {
            HoconTokenKind.End => "end of file",
            HoconTokenKind.Newline => "end of line",
            _ => $"'{token.Text}'",
        };
        return token.Position.Error($"expected {expected} but found {found}");
    }

    /// <summary>Parses a file's root object (braces optional) into <paramref name="target"/>.</summary>
    private void ParseRootObjectInto(RawObject target, string[] objectPath)
    {
        SkipBlank();
        if (Peek.Kind == HoconTokenKind.OpenBrace)
        {
            Next();
            ParseObjectBody(target, objectPath, HoconTokenKind.CloseBrace);
            Next();
            ExpectEnd();
        }
        else if (Peek.Kind == HoconTokenKind.OpenBracket)
        {
            throw Peek.Position.Error("an included file must contain an object, not an array");
        }
        else
        {
            ParseObjectBody(target, objectPath, HoconTokenKind.End);
        }
    }

    /// <summary>Parses fields up to (not past) the closing token; <paramref name="objectPath"/> is null for objects that are not fields.</summary>
    private void ParseObjectBody(RawObject target, string[]? objectPath, HoconTokenKind closing)
    {
        while (true)
        {
            SkipBlank();
            var token = Peek;
            if (token.Kind == closing)
            {
                return;
            }

            if (token.Kind == HoconTokenKind.End)
            {
                throw token.Position.Error("unterminated object: missing '}'");
            }

            if (IsIncludeStatement())
            {
                ParseInclude(target, objectPath);
            }
            else
            {
                ParseField(target, objectPath);
            }

            SkipWhitespace();
            var after = Peek;
            if (after.Kind == HoconTokenKind.Comma)
            {
                Next();
            }
            else if (after.Kind != HoconTokenKind.Newline && after.Kind != closing)
            {
                if (after.Kind == HoconTokenKind.End)
                {
                    throw after.Position.Error("unterminated object: missing '}'");
                }

                throw Unexpected(after, "',', a new line or the end of the object");
            }
        }
    }

    private void ParseField(RawObject target, string[]? objectPath)
    {
        var keyStart = Peek;
        var key = ParseKey();
        SkipBlank();
        var separator = Peek;
        if (separator.Kind is HoconTokenKind.Separator or HoconTokenKind.PlusEquals)
        {
            Next();
            SkipBlank();
        }
        else if (separator.Kind != HoconTokenKind.OpenBrace)
        {
            throw Unexpected(separator, "':', '=' or '{' after the key");
        }

        var owner = target;
        for (var i = 0; i < key.Length - 1; i++)
        {
            owner = ChildObject(owner, key[i], keyStart.Position);
        }

        var name = key[^1];
        string[]? fieldPath = objectPath is null ? null : [.. objectPath, .. key];
        var saved = _fieldPath;
        _fieldPath = fieldPath;
        try
        {
            if (separator.Kind == HoconTokenKind.PlusEquals)
            {
                AppendToField(owner, name, fieldPath, keyStart);
            }
            else if (Peek.Kind == HoconTokenKind.OpenBrace)
            {
                ParseObjectField(owner, name, fieldPath);
            }
            else
            {
                Assign(owner, name, ParseValue("a value"));
            }
        }
        finally
        {
            _fieldPath = saved;
        }
    }

    /// <summary>An object literal as a field value is written in place, so repeated keys merge as they are read.</summary>
    private void ParseObjectField(RawObject owner, string name, string[]? fieldPath)
    {
        var literal = ChildObject(owner, name, Peek.Position);
        Next();
        ParseObjectBody(literal, fieldPath, HoconTokenKind.CloseBrace);
        Next();
        var rest = ParseConcatParts();
        if (rest.Any(p => p is not RawWhitespace))
        {
            var current = owner.Fields[name];
            owner.Fields[name] = new RawConcat([current, .. rest], current.Position);
        }
    }

    /// <summary><c>a += v</c> means <c>a = ${?a} [v]</c>.</summary>
    private void AppendToField(RawObject owner, string name, string[]? fieldPath, HoconToken keyStart)
    {
        var element = ParseValue("a value after '+='");
        var origin = new RawSubstitution(fieldPath ?? [name], true, [], keyStart.Position);
        RawNode previous = fieldPath is null
            ? new RawSelfReference(owner.Fields.GetValueOrDefault(name), [], origin)
            : CaptureSelfReference(origin, fieldPath, fieldPath);
        Assign(owner, name, new RawConcat([previous, new RawArray([element], element.Position)], element.Position));
    }

    private static void Assign(RawObject owner, string name, RawNode value)
    {
        // Known values replace; a value that may turn out to be an object or missing keeps the older value beside it.
        owner.Fields[name] = owner.Fields.TryGetValue(name, out var existing) && value is not (RawScalar or RawArray)
            ? new RawMerge(existing, value)
            : value;
    }

    /// <summary>The object at <paramref name="name"/> to write into, creating it over a non-object value.</summary>
    private static RawObject ChildObject(RawObject owner, string name, SourcePosition position)
    {
        owner.Fields.TryGetValue(name, out var existing);
        if (existing is RawObject child)
        {
            return child;
        }

        var created = new RawObject(position);
        owner.Fields[name] = existing is null or RawScalar or RawArray ? created : new RawMerge(existing, created);
        return created;
    }

    private string[] ParseKey()
    {
        var start = Peek;
        var path = new PathExpression(start.Position);
        var pendingWhitespace = string.Empty;
        var any = false;
        while (true)
        {
            var token = Peek;
            if (token.Kind == HoconTokenKind.Whitespace)
            {
                pendingWhitespace += token.Text;
                Next();
                continue;
            }

            if (token.Kind is not (HoconTokenKind.Quoted or HoconTokenKind.Unquoted))
            {
                break;
            }

            if (any && pendingWhitespace.Length > 0)
            {
                path.AddLiteral(pendingWhitespace);
            }

            pendingWhitespace = string.Empty;
            any = true;
            Next();
            if (token.Kind == HoconTokenKind.Quoted)
            {
                path.AddLiteral(token.Text);
            }
            else
            {
                path.AddUnquoted(token.Text);
            }
        }

        if (!any)
        {
            throw Unexpected(Peek, "a key");
        }

        return path.Build();
    }
}
