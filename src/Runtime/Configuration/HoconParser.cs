namespace AuthActors.Runtime.Configuration;

/// <summary>Parses HOCON text or files into a fully resolved <see cref="HoconValue"/> tree.</summary>
public static class HoconParser
{
    /// <summary>
    /// Parses and resolves a document; relative includes are found beside <paramref name="filePath"/>. Substitutions
    /// not found in the document are looked up in <paramref name="environment"/> (the process environment when null).
    /// </summary>
    /// <exception cref="HoconFormatException">The text is malformed or a substitution cannot be resolved.</exception>
    public static HoconValue Parse(string text, string? filePath = null, HostVariables? environment = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var session = new ParseSession(new SourcePosition(filePath, 1, 1));
        if (filePath is not null)
        {
            session.IncludeChain.Add(Path.GetFullPath(filePath));
        }

        var isProperties = filePath is not null
            && string.Equals(Path.GetExtension(filePath), ".properties", StringComparison.OrdinalIgnoreCase);
        var document = isProperties
            ? HoconSyntaxParser.ParseProperties(text, filePath, session)
            : HoconSyntaxParser.ParseDocument(text, filePath, session);
        return new HoconResolver(session.Root, environment).Resolve(document) ?? HoconObject.Empty;
    }

    /// <summary>Reads and parses a file (<c>.conf</c>, <c>.json</c> or <c>.properties</c>); see <see cref="Parse"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="HoconFormatException">The file is malformed or a substitution cannot be resolved.</exception>
    public static HoconValue ParseFile(string path, HostVariables? environment = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        return Parse(File.ReadAllText(full), full, environment);
    }
}
