using System.Text;
using AuthActors.Messages;

namespace AuthActors.Node.Passwords;

/// <summary>
/// The named password rules. Pure: the broken rules of a candidate, in the order they are checked, one message each.
/// </summary>
public static class PasswordPolicy
{
    /// <summary>No password is longer than this, whatever the policy: hashing cost and memory stay bounded.</summary>
    public const int MaxLength = 128;

    /// <summary>The messages of the rules <paramref name="password"/> breaks under <paramref name="policy"/>; empty when it passes.</summary>
    public static IReadOnlyList<string> Check(PasswordPolicyName policy, string password) => policy switch
    {
        PasswordPolicyName.Classic => CheckClassic(password),
        PasswordPolicyName.Nist => CheckNist(password),
        PasswordPolicyName.Imported => CheckImported(password),
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "unknown password policy"),
    };

    /// <summary>The rules of a policy in words, for clients that show them before typing.</summary>
    public static IReadOnlyList<string> Describe(PasswordPolicyName policy) => policy switch
    {
        PasswordPolicyName.Classic =>
        [
            "no whitespace", "at least one digit", "at least one letter", "longer than 4 characters", $"at most {MaxLength} characters",
        ],
        PasswordPolicyName.Nist => [$"8 to {MaxLength} characters"],
        PasswordPolicyName.Imported => [$"1 to {MaxLength} characters"],
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "unknown password policy"),
    };

    // The TCP dialog's rules, in the order its users know them.
    private static List<string> CheckClassic(string password)
    {
        var broken = new List<string>();
        var runes = password.EnumerateRunes().ToList();
        if (runes.Exists(Rune.IsWhiteSpace))
        {
            broken.Add("password must not contain whitespace");
        }

        if (!runes.Exists(Rune.IsDigit))
        {
            broken.Add("password must contain at least one digit");
        }

        if (!runes.Exists(Rune.IsLetter))
        {
            broken.Add("password must contain at least one letter");
        }

        if (runes.Count <= 4)
        {
            broken.Add("password must be longer than 4 characters");
        }

        if (runes.Count > MaxLength)
        {
            broken.Add($"password must be at most {MaxLength} characters");
        }

        return broken;
    }

    // NIST SP 800-63B: length is what matters; composition rules make passwords weaker in practice.
    private static List<string> CheckNist(string password)
    {
        var length = password.EnumerateRunes().Count();
        return length switch
        {
            < 8 => ["password must be at least 8 characters"],
            > MaxLength => [$"password must be at most {MaxLength} characters"],
            _ => [],
        };
    }

    private static List<string> CheckImported(string password)
    {
        var length = password.EnumerateRunes().Count();
        return length switch
        {
            0 => ["password must not be empty"],
            > MaxLength => [$"password must be at most {MaxLength} characters"],
            _ => [],
        };
    }
}
