using System.Globalization;

namespace AuthActors.Messages;

/// <summary>
/// The one rule for text that other people's terminals and pages show, applied at every edge: no control characters
/// (C0, DEL, C1), which a terminal obeys (an escape sequence erases a line, moves the cursor, sets the window title,
/// so a message can forge "carol: …"), and no bidirectional overrides or isolates (U+202A–U+202E, U+2066–U+2069),
/// which make text read in another order than it was written ("exe.png" shown as "gnp.exe").
/// </summary>
public static class SafeText
{
    /// <summary>What a client is told when text breaks the rule.</summary>
    public const string Rule = "control characters and bidirectional overrides are not allowed";

    /// <summary>True when <paramref name="c"/> is a character the rule refuses.</summary>
    public static bool IsRefused(char c) => char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    /// <summary>True when <paramref name="text"/> (null counts as empty) holds no refused character.</summary>
    public static bool IsSafe(string? text) => Check(text) is null;

    /// <summary>Null when <paramref name="text"/> is safe; otherwise the rule, naming the first refused character.</summary>
    public static string? Check(string? text)
    {
        foreach (var c in text ?? "")
        {
            if (IsRefused(c))
            {
                return string.Create(CultureInfo.InvariantCulture, $"{Rule} (U+{(int)c:X4})");
            }
        }

        return null;
    }

    /// <summary>
    /// <paramref name="text"/> with every refused character replaced by U+FFFD, for showing text that did not pass
    /// through an edge of ours (another client, a message stored before the rule).
    /// </summary>
    public static string Neutralize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return IsSafe(text) ? text : string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = IsRefused(source[i]) ? '\uFFFD' : source[i];
            }
        });
    }
}
