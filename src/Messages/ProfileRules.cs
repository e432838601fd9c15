namespace AuthActors.Messages;

/// <summary>The rules for the optional profile fields, checked at every edge and again by the user.</summary>
public static class ProfileRules
{
    /// <summary>The longest e-mail address (RFC 5321's path limit).</summary>
    public const int MaxEmailLength = 254;

    /// <summary>The longest display name.</summary>
    public const int MaxDisplayNameLength = 64;

    /// <summary>What is wrong with the profile, one message per broken rule; empty when it is fine.</summary>
    public static IReadOnlyList<string> Check(string? email, string? displayName)
    {
        var broken = new List<string>();
        if (email is not null && !IsPlausibleEmail(email))
        {
            broken.Add($"email must look like name@example.org and be at most {MaxEmailLength} characters");
        }

        if (displayName is not null && SafeText.Check(displayName) is { } refused)
        {
            broken.Add($"display name: {refused}");
        }
        else if (displayName is not null && (displayName.Length is 0 or > MaxDisplayNameLength || displayName.Trim().Length != displayName.Length))
        {
            broken.Add($"display name must be 1-{MaxDisplayNameLength} characters, without control characters or surrounding spaces");
        }

        return broken;
    }

    // Deliberately loose: the only real check of an address is a mail that arrives.
    private static bool IsPlausibleEmail(string email)
    {
        var at = email.LastIndexOf('@');
        return email.Length <= MaxEmailLength && at > 0 && at < email.Length - 1
            && email.IndexOf('.', at) > at + 1 && SafeText.IsSafe(email) && !email.Any(char.IsWhiteSpace);
    }
}
