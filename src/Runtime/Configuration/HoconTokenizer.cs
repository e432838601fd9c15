using System.Globalization;
using System.Text;

namespace AuthActors.Runtime.Configuration;

/// <summary>Splits HOCON text into tokens, dropping comments and keeping whitespace that matters for concatenation.</summary>
internal sealed class HoconTokenizer
{
    // Characters that end an unquoted string (HOCON.md, "Unquoted strings").
    private const string Forbidden = "$\"{}[]:=,+#`^?!@*&\\";

    private readonly string _text;
    private readonly string? _filePath;
    private readonly List<HoconToken> _tokens = [];
    private int _index;
    private int _line = 1;
    private int _column = 1;

    private HoconTokenizer(string text, string? filePath)
    {
        _text = text;
        _filePath = filePath;
    }

    public static List<HoconToken> Tokenize(string text, string? filePath)
    {
        var tokenizer = new HoconTokenizer(text, filePath);
        tokenizer.Run();
        return tokenizer._tokens;
    }

    private SourcePosition Here => new(_filePath, _line, _column);

    private char Current => _text[_index];

    private bool At(string s) => string.CompareOrdinal(_text, _index, s, 0, s.Length) == 0;

    private static bool IsWhitespace(char c) => c != '\n' && (char.IsWhiteSpace(c) || c == '\uFEFF');

    private void Advance(int count = 1)
    {
        for (var i = 0; i < count; i++)
        {
            if (_text[_index] == '\n')
            {
                _line++;
                _column = 1;
            }
            else
            {
                _column++;
            }

            _index++;
        }
    }

    private void Emit(HoconTokenKind kind, string text, SourcePosition position) =>
        _tokens.Add(new HoconToken(kind, text, position));

    private void Run()
    {
        while (_index < _text.Length)
        {
            var start = Here;
            var c = Current;
            if (c == '\n')
            {
                Advance();
                Emit(HoconTokenKind.Newline, "\n", start);
            }
            else if (IsWhitespace(c))
            {
                var from = _index;
                while (_index < _text.Length && IsWhitespace(Current))
                {
                    Advance();
                }

                Emit(HoconTokenKind.Whitespace, _text[from.._index], start);
            }
            else if (c == '#' || At("//"))
            {
                while (_index < _text.Length && Current != '\n')
                {
                    Advance();
                }
            }
            else
            {
                ReadSignificant(c, start);
            }
        }

        Emit(HoconTokenKind.End, string.Empty, Here);
    }

    private void ReadSignificant(char c, SourcePosition start)
    {
        switch (c)
        {
            case '{': Advance(); Emit(HoconTokenKind.OpenBrace, "{", start); break;
            case '}': Advance(); Emit(HoconTokenKind.CloseBrace, "}", start); break;
            case '[': Advance(); Emit(HoconTokenKind.OpenBracket, "[", start); break;
            case ']': Advance(); Emit(HoconTokenKind.CloseBracket, "]", start); break;
            case ',': Advance(); Emit(HoconTokenKind.Comma, ",", start); break;
            case ':' or '=': Advance(); Emit(HoconTokenKind.Separator, c.ToString(), start); break;
            case '"' when At("\"\"\""): Emit(HoconTokenKind.Quoted, ReadTripleQuoted(start), start); break;
            case '"': Emit(HoconTokenKind.Quoted, ReadQuoted(start), start); break;
            case '+' when At("+="): Advance(2); Emit(HoconTokenKind.PlusEquals, "+=", start); break;
            case '$' when At("${"): _tokens.Add(ReadSubstitution(start)); break;
            default:
                if (Forbidden.Contains(c, StringComparison.Ordinal))
                {
                    throw start.Error($"unexpected character '{c}' (quote it to use it in a string)");
                }

                Emit(HoconTokenKind.Unquoted, ReadUnquoted(), start);
                break;
        }
    }

    private string ReadUnquoted()
    {
        var from = _index;
        while (_index < _text.Length)
        {
            var c = Current;
            if (c == '\n' || IsWhitespace(c) || Forbidden.Contains(c, StringComparison.Ordinal) || At("//"))
            {
                break;
            }

            Advance();
        }

        return _text[from.._index];
    }

    private string ReadTripleQuoted(SourcePosition start)
    {
        Advance(3);
        var builder = new StringBuilder();
        while (_index < _text.Length)
        {
            if (At("\"\"\""))
            {
                // A run of more than three quotes ends the string with the last three; the rest is content.
                var run = 0;
                while (_index + run < _text.Length && _text[_index + run] == '"')
                {
                    run++;
                }

                builder.Append('"', run - 3);
                Advance(run);
                return builder.ToString();
            }

            builder.Append(Current);
            Advance();
        }

        throw start.Error("unterminated triple-quoted string");
    }

    private string ReadQuoted(SourcePosition start)
    {
        Advance();
        var builder = new StringBuilder();
        while (_index < _text.Length && Current != '\n')
        {
            var c = Current;
            if (c == '"')
            {
                Advance();
                return builder.ToString();
            }

            if (c == '\\')
            {
                builder.Append(ReadEscape());
                continue;
            }

            builder.Append(c);
            Advance();
        }

        throw start.Error("unterminated quoted string");
    }

    private string ReadEscape()
    {
        var position = Here;
        Advance();
        if (_index >= _text.Length)
        {
            throw position.Error("unterminated escape sequence");
        }

        var c = Current;
        Advance();
        switch (c)
        {
            case '"': return "\"";
            case '\\': return "\\";
            case '/': return "/";
            case 'b': return "\b";
            case 'f': return "\f";
            case 'n': return "\n";
            case 'r': return "\r";
            case 't': return "\t";
            case 'u':
                if (_index + 4 <= _text.Length
                    && int.TryParse(_text.AsSpan(_index, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                {
                    Advance(4);
                    return ((char)code).ToString();
                }

                throw position.Error("bad escape: \\u must be followed by four hex digits");
            default:
                throw position.Error($"bad escape sequence '\\{c}'");
        }
    }

    private HoconToken ReadSubstitution(SourcePosition start)
    {
        var from = _index;
        Advance(2);
        var optional = false;
        if (_index < _text.Length && Current == '?')
        {
            optional = true;
            Advance();
        }

        var path = new PathExpression(start);
        var pending = new StringBuilder();
        var seenContent = false;
        while (true)
        {
            if (_index >= _text.Length || Current == '\n')
            {
                throw start.Error("unterminated substitution: missing '}'");
            }

            var c = Current;
            if (c == '}')
            {
                Advance();
                break;
            }

            if (IsWhitespace(c))
            {
                // Whitespace inside a path is kept only between pieces, never at the ends.
                pending.Append(c);
                Advance();
                continue;
            }

            if (seenContent && pending.Length > 0)
            {
                path.AddLiteral(pending.ToString());
            }

            pending.Clear();
            seenContent = true;
            if (c == '"')
            {
                path.AddLiteral(At("\"\"\"") ? ReadTripleQuoted(Here) : ReadQuoted(Here));
            }
            else if (Forbidden.Contains(c, StringComparison.Ordinal))
            {
                throw Here.Error($"unexpected character '{c}' in substitution path");
            }
            else
            {
                path.AddUnquoted(ReadUnquoted());
            }
        }

        if (!seenContent)
        {
            throw start.Error("empty substitution path");
        }

        return new HoconToken(HoconTokenKind.Substitution, _text[from.._index], start) { Path = path.Build(), Optional = optional };
    }
}
