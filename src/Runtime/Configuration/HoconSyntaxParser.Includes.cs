namespace AuthActors.Runtime.Configuration;

/// <summary>Include statements: <c>include "f"</c>, <c>include file("f")</c> and <c>include required(...)</c>.</summary>
internal sealed partial class HoconSyntaxParser
{
    // Loaded in this order so that, as the spec says, HOCON is merged last and wins.
    private static readonly string[] KnownExtensions = [".properties", ".json", ".conf"];

    /// <summary>An unquoted <c>include</c> at the start of a key is a statement, not a key.</summary>
    private bool IsIncludeStatement()
    {
        if (Peek is not { Kind: HoconTokenKind.Unquoted, Text: "include" })
        {
            return false;
        }

        var next = _index + 1;
        while (_tokens[next].Kind is HoconTokenKind.Whitespace or HoconTokenKind.Newline)
        {
            next++;
        }

        // "include : 1" or "include.x = 1" would be a key; anything else after include is an include argument.
        return _tokens[next].Kind is HoconTokenKind.Quoted or HoconTokenKind.Unquoted;
    }

    private void ParseInclude(RawObject target, string[]? objectPath)
    {
        var keyword = Next();
        SkipBlank();
        var required = false;
        var depth = 0;
        while (Peek.Kind == HoconTokenKind.Unquoted)
        {
            var text = Next().Text;
            while (text.Length > 0)
            {
                if (text.StartsWith("required(", StringComparison.Ordinal) && !required && depth == 0)
                {
                    required = true;
                    text = text["required(".Length..];
                }
                else if (text.StartsWith("file(", StringComparison.Ordinal))
                {
                    text = text["file(".Length..];
                }
                else if (text.StartsWith("url(", StringComparison.Ordinal) || text.StartsWith("classpath(", StringComparison.Ordinal))
                {
                    throw keyword.Position.Error($"include {text.Split('(')[0]}(...) is not supported; use a file path");
                }
                else
                {
                    throw keyword.Position.Error($"include must be followed by a quoted file name, file(\"...\") or required(...), not '{text}'");
                }

                depth++;
            }

            SkipWhitespace();
        }

        if (Peek.Kind != HoconTokenKind.Quoted)
        {
            throw Unexpected(Peek, "a quoted file name after include");
        }

        var name = Next().Text;
        var closed = 0;
        while (closed < depth)
        {
            SkipWhitespace();
            var token = Peek;
            if (token.Kind != HoconTokenKind.Unquoted || token.Text.Trim(')').Length != 0 || closed + token.Text.Length > depth)
            {
                throw Unexpected(token, "')' to close the include");
            }

            closed += Next().Text.Length;
        }

        LoadInclude(name, required, keyword.Position, target, objectPath ?? []);
    }

    private void LoadInclude(string name, bool required, SourcePosition position, RawObject target, string[] objectPath)
    {
        string full;
        if (Path.IsPathRooted(name))
        {
            full = Path.GetFullPath(name);
        }
        else if (_filePath is not null)
        {
            // Relative to the including file, never to the working directory (HOCON.md, locating resources).
            full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(_filePath)) ?? ".", name));
        }
        else
        {
            throw position.Error($"cannot include relative path \"{name}\" from text that was not read from a file");
        }

        var files = FindIncludedFiles(full);
        if (files.Count == 0)
        {
            if (required)
            {
                throw position.Error($"required include \"{name}\" not found (looked for {full})");
            }

            return;
        }

        foreach (var file in files)
        {
            if (_session.IncludeChain.Contains(file, StringComparer.Ordinal))
            {
                throw position.Error($"include cycle: {string.Join(" -> ", _session.IncludeChain)} -> {file}");
            }

            _session.IncludeChain.Add(file);
            try
            {
                IncludeFile(file, target, objectPath);
            }
            finally
            {
                _session.IncludeChain.RemoveAt(_session.IncludeChain.Count - 1);
            }
        }
    }

    private static List<string> FindIncludedFiles(string full)
    {
        var extension = Path.GetExtension(full);
        if (KnownExtensions.Contains(extension, StringComparer.OrdinalIgnoreCase))
        {
            return File.Exists(full) ? [full] : [];
        }

        var found = KnownExtensions.Select(e => full + e).Where(File.Exists).ToList();
        if (found.Count == 0 && File.Exists(full))
        {
            found.Add(full);
        }

        return found;
    }

    private void IncludeFile(string file, RawObject target, string[] objectPath)
    {
        var text = File.ReadAllText(file);
        if (string.Equals(Path.GetExtension(file), ".properties", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var (path, value, position) in PropertiesReader.Read(text, file))
            {
                AssignProperty(target, [.. path], value, position);
            }

            return;
        }

        var parser = new HoconSyntaxParser(text, file, _session, objectPath);
        parser.ParseRootObjectInto(target, objectPath);
    }

    /// <summary>Parses a whole <c>.properties</c> document into the session's root.</summary>
    public static RawObject ParseProperties(string text, string? filePath, ParseSession session)
    {
        foreach (var (path, value, position) in PropertiesReader.Read(text, filePath))
        {
            AssignProperty(session.Root, path, value, position);
        }

        return session.Root;
    }

    /// <summary>Properties values are always strings; when a key is both a value and an object, the object wins.</summary>
    private static void AssignProperty(RawObject target, string[] path, string value, SourcePosition position)
    {
        var owner = target;
        for (var i = 0; i < path.Length - 1; i++)
        {
            owner = ChildObject(owner, path[i], position);
        }

        if (owner.Fields.GetValueOrDefault(path[^1]) is not RawObject)
        {
            owner.Fields[path[^1]] = new RawScalar(HoconScalar.String(value), position);
        }
    }
}
