namespace AuthActors.Runtime.Persistence;

/// <summary>How tags are stored in the <c>tags</c> column: joined by ';', '' when there are none.</summary>
internal static class JournalTags
{
    private const char Separator = ';';

    /// <summary>Refuses tags that could not be read back as written.</summary>
    public static void Validate(IReadOnlyList<string> tags, string paramName)
    {
        if (tags is null)
        {
            throw new ArgumentException("tags may be empty but not null", paramName);
        }

        foreach (var tag in tags)
        {
            // An empty tag would vanish on read, and a ';' would split one tag into two.
            if (string.IsNullOrEmpty(tag) || tag.Contains(Separator, StringComparison.Ordinal))
            {
                throw new ArgumentException($"tag '{tag}' must be non-empty and must not contain '{Separator}'", paramName);
            }
        }
    }

    public static string Join(IReadOnlyList<string> tags) => tags.Count switch
    {
        0 => "",
        1 => tags[0],
        _ => string.Join(Separator, tags),
    };

    public static IReadOnlyList<string> Split(string stored) =>
        stored.Length == 0 ? [] : stored.Split(Separator);
}
