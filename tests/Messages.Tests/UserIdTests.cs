using AuthActors.Messages;

namespace AuthActors.Messages.Tests;

public sealed class UserIdTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("dankook0")]
    [InlineData("first.last_name-2")]
    public void Letters_digits_dot_underscore_dash_are_valid(string id) => UserId.IsValid(id).ShouldBeTrue();

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("has space")]
    [InlineData("slash/")]
    [InlineData("ünïcode")]
    [InlineData("tab\t")]
    public void Anything_else_is_invalid(string? id) => UserId.IsValid(id).ShouldBeFalse();

    [Fact]
    public void Length_is_bounded_at_64()
    {
        UserId.IsValid(new string('a', 64)).ShouldBeTrue();
        UserId.IsValid(new string('a', 65)).ShouldBeFalse();
    }

    [Fact]
    public void A_secret_prints_as_a_mask()
    {
        new Secret("hunter2").ToString().ShouldBe("***");
        new Register("alice", "hunter2", PasswordPolicyName.Classic).ToString().ShouldNotContain("hunter2");
        new ChangePassword("alice", "old-pass1", "new-pass1", PasswordPolicyName.Nist).ToString().ShouldNotContain("pass1");
    }

    [Fact]
    public void Error_codes_are_http_statuses()
    {
        ((int)ErrorCode.Locked).ShouldBe(423);
        ((int)ErrorCode.BadCredentials).ShouldBe(401);
        new Rejected(ErrorCode.InvalidInput, ["a", "b"]).Message.ShouldBe("a");
    }
}
