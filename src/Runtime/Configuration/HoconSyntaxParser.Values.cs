using System.Text.RegularExpressions;

namespace AuthActors.Runtime.Configuration;

/// <summary>Values: concatenations of strings, numbers, substitutions, arrays and object literals.</summary>
internal sealed partial class HoconSyntaxParser
{
    /// <summary>Parses one value (a concatenation of one or more parts) up to a newline, comma or closing bracket.</summary>
    private RawNode ParseValue(string expected)
    {
        var parts = ParseConcatParts();
        if (parts.Count == 0)
        {
            throw Unexpected(Peek, expected);
        }

        if (parts.Count == 1)
        {
            return parts[0] is RawScalar { Value: HoconScalar { Kind: HoconValueKind.String } } single && _lastUnquoted.Contains(single)
                ? Literal(single)
                : parts[0];
        }

        return new RawConcat(parts, parts[0].Position);
    }

    // Unquoted parts of the value being parsed: alone they may be numbers, booleans or null; in a concatenation they are text.
    private readonly HashSet<RawNode> _lastUnquoted = new(ReferenceEqualityComparer.Instance);

    /// <summary>Collects the parts of a concatenation, with whitespace between parts but none at the ends.</summary>
    private List<RawNode> ParseConcatParts()
    {
        var parts = new List<RawNode>();
        while (true)
        {
            var token = Peek;
            switch (token.Kind)
            {
                case HoconTokenKind.Whitespace:
                    Next();
                    parts.Add(new RawWhitespace(token.Text, token.Position));
                    break;
                case HoconTokenKind.Quoted:
                    Next();
                    parts.Add(new RawScalar(HoconScalar.String(token.Text), token.Position));
                    break;
                case HoconTokenKind.Unquoted:
                    Next();
                    var text = new RawScalar(HoconScalar.String(token.Text), token.Position);
                    _lastUnquoted.Add(text);
                    parts.Add(text);
                    break;
                case HoconTokenKind.Substitution:
                    Next();
                    parts.Add(Substitution(token));
                    break;
                case HoconTokenKind.OpenBracket:
                    parts.Add(ParseArray());
                    break;
                case HoconTokenKind.OpenBrace:
                    parts.Add(ParseDetachedObject());
                    break;
                default:
                    while (parts.Count > 0 && parts[^1] is RawWhitespace)
                    {
                        parts.RemoveAt(parts.Count - 1);
                    }

                    while (parts.Count > 0 && parts[0] is RawWhitespace)
                    {
                        parts.RemoveAt(0);
                    }

                    return parts;
            }
        }
    }

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex JsonNumber();

    private static RawScalar Literal(RawScalar unquoted)
    {
        var text = ((HoconScalar)unquoted.Value).Text;
        HoconValue value = text switch
        {
            "true" or "false" => new HoconScalar(HoconValueKind.Boolean, text),
            "null" => HoconNull.Instance,
            _ when JsonNumber().IsMatch(text) => new HoconScalar(HoconValueKind.Number, text),
            _ => unquoted.Value,
        };
        return unquoted with { Value = value };
    }

    /// <summary>An object literal that is not itself a field value (array element or part of a concatenation).</summary>
    private RawObject ParseDetachedObject()
    {
        var open = Next();
        var literal = new RawObject(open.Position);
        var saved = _fieldPath;
        _fieldPath = null;
        try
        {
            ParseObjectBody(literal, null, HoconTokenKind.CloseBrace);
        }
        finally
        {
            _fieldPath = saved;
        }

        Next();
        return literal;
    }

    private RawArray ParseArray()
    {
        var open = Next();
        var items = new List<RawNode>();
        while (true)
        {
            SkipBlank();
            var token = Peek;
            if (token.Kind == HoconTokenKind.CloseBracket)
            {
                Next();
                return new RawArray(items, open.Position);
            }

            if (token.Kind == HoconTokenKind.End)
            {
                throw open.Position.Error("unterminated array: missing ']'");
            }

            items.Add(ParseValue("an array element"));
            SkipWhitespace();
            var after = Peek;
            if (after.Kind == HoconTokenKind.Comma)
            {
                Next();
            }
            else if (after.Kind is not (HoconTokenKind.Newline or HoconTokenKind.CloseBracket))
            {
                if (after.Kind == HoconTokenKind.End)
                {
                    throw open.Position.Error("unterminated array: missing ']'");
                }

                throw Unexpected(after, "',', a new line or ']'");
            }
        }
    }

    private RawNode Substitution(HoconToken token)
    {
        var path = token.Path.ToArray();
        var substitution = new RawSubstitution(path, token.Optional, _includePrefix, token.Position);
        if (_fieldPath is null)
        {
            return substitution;
        }

        // A substitution of the field being defined (or of a path inside it) reads the field's earlier value.
        string[] absolute = [.. _includePrefix, .. path];
        if (StartsWith(absolute, _fieldPath))
        {
            return CaptureSelfReference(substitution, _fieldPath, absolute);
        }

        return _includePrefix.Length > 0 && StartsWith(path, _fieldPath)
            ? CaptureSelfReference(substitution, _fieldPath, path)
            : substitution;
    }

    private static bool StartsWith(string[] path, string[] prefix) =>
        path.Length >= prefix.Length && path.AsSpan(0, prefix.Length).SequenceEqual(prefix);

    /// <summary>Finds the value at <paramref name="fieldPath"/> as parsed so far, before the new value is assigned.</summary>
    private RawSelfReference CaptureSelfReference(RawSubstitution origin, string[] fieldPath, string[] target)
    {
        string[] remaining = target[fieldPath.Length..];
        RawNode? node = _session.Root;
        for (var i = 0; i < fieldPath.Length; i++)
        {
            var key = fieldPath[i];
            while (node is RawMerge merge)
            {
                // The newer side is the object being written now; the key is only there if it was written earlier.
                node = merge.Newer is RawObject newer && newer.Fields.ContainsKey(key) ? newer : merge.Older;
            }

            if (node is not RawObject obj)
            {
                return new RawSelfReference(node, [.. fieldPath[i..], .. remaining], origin);
            }

            if (!obj.Fields.TryGetValue(key, out node))
            {
                return new RawSelfReference(null, remaining, origin);
            }
        }

        return new RawSelfReference(node, remaining, origin);
    }
}
