namespace AuthActors.Messages;

/// <summary>The rules for a user id, checked at every edge before a message is built.</summary>
public static class UserId
{
    /// <summary>The longest id accepted.</summary>
    public const int MaxLength = 64;

    /// <summary>What a client is told when an id breaks the rules.</summary>
    public const string Rule = "an id is 1-64 characters of letters, digits, '.', '_' or '-'";

    /// <summary>
    /// Null when <paramref name="id"/> is valid; otherwise what to tell the client: the <see cref="SafeText"/> rule
    /// when the id holds a character that rule refuses (so that an attempt at an escape sequence is named as one),
    /// else <see cref="Rule"/>.
    /// </summary>
    public static string? Problem(string? id) => IsValid(id) ? null : SafeText.Check(id) ?? Rule;

    /// <summary>True when <paramref name="id"/> is 1–64 ASCII letters, digits, '.', '_' or '-'.</summary>
    public static bool IsValid(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
