using AuthActors.Messages;
using AuthActors.Node.Passwords;

namespace AuthActors.Node.Tests.Passwords;

public sealed class PasswordPolicyTests
{
    [Theory]
    [InlineData("unnamed", "password must contain at least one digit")]
    [InlineData("1234", "password must contain at least one letter")]
    [InlineData("un named 1234", "password must not contain whitespace")]
    [InlineData("ab1", "password must be longer than 4 characters")]
    public void Classic_reports_the_first_broken_rule_first(string password, string first) =>
        PasswordPolicy.Check(PasswordPolicyName.Classic, password)[0].ShouldBe(first);

    [Fact]
    public void Classic_reports_every_broken_rule_in_order()
    {
        PasswordPolicy.Check(PasswordPolicyName.Classic, " ").ShouldBe(
        [
            "password must not contain whitespace",
            "password must contain at least one digit",
            "password must contain at least one letter",
            "password must be longer than 4 characters",
        ]);
    }

    [Theory]
    [InlineData("unnamed1234")]
    [InlineData("abcd5")]
    [InlineData("비밀번호12345")]
    public void Classic_accepts_good_passwords(string password) =>
        PasswordPolicy.Check(PasswordPolicyName.Classic, password).ShouldBeEmpty();

    [Fact]
    public void Classic_bounds_the_length() =>
        PasswordPolicy.Check(PasswordPolicyName.Classic, new string('a', 128) + "1").ShouldBe(["password must be at most 128 characters"]);

    [Theory]
    [InlineData("1234567", false)]
    [InlineData("12345678", true)]
    [InlineData("correct horse battery staple", true)]
    public void Nist_is_about_length_only(string password, bool accepted) =>
        PasswordPolicy.Check(PasswordPolicyName.Nist, password).Count.ShouldBe(accepted ? 0 : 1);

    [Fact]
    public void Nist_refuses_more_than_128_characters() =>
        PasswordPolicy.Check(PasswordPolicyName.Nist, new string('x', 129)).ShouldBe(["password must be at most 128 characters"]);

    [Fact]
    public void Nist_counts_characters_not_utf16_units() =>
        PasswordPolicy.Check(PasswordPolicyName.Nist, string.Concat(Enumerable.Repeat("😀", 8))).ShouldBeEmpty();
}
