using AuthActors.Node.Passwords;

namespace AuthActors.Node.Tests.Passwords;

public sealed class PasswordHasherTests
{
    private static readonly byte[] Pepper = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void Hash_carries_its_parameters_and_verifies()
    {
        var hasher = new PasswordHasher(1000, Pepper);
        var hash = hasher.Hash("univ42");
        hash.ShouldStartWith("$pbkdf2-sha256$v=1$i=1000$");
        hasher.Verify("univ42", hash).ShouldBe(new PasswordCheck(true, false));
        hasher.Verify("univ43", hash).Matches.ShouldBeFalse();
    }

    [Fact]
    public void Same_password_gets_a_different_salt_each_time()
    {
        var hasher = new PasswordHasher(1000, Pepper);
        hasher.Hash("same").ShouldNotBe(hasher.Hash("same"));
    }

    [Fact]
    public void A_hash_with_other_iterations_verifies_and_asks_for_a_rehash()
    {
        var old = new PasswordHasher(1000, Pepper).Hash("univ42");
        var check = new PasswordHasher(2000, Pepper).Verify("univ42", old);
        check.ShouldBe(new PasswordCheck(true, true));
    }

    [Fact]
    public void The_pepper_is_part_of_the_hash()
    {
        var hash = new PasswordHasher(1000, Pepper).Hash("univ42");
        new PasswordHasher(1000, new byte[32]).Verify("univ42", hash).Matches.ShouldBeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("plaintext")]
    [InlineData("$pbkdf2-sha256$v=1$i=abc$AAAA$AAAA")]
    [InlineData("$pbkdf2-sha256$v=1$i=1000$!!$AAAA")]
    public void A_malformed_stored_hash_never_matches(string stored) =>
        new PasswordHasher(1000, Pepper).Verify("anything", stored).Matches.ShouldBeFalse();

    [Fact]
    public void Default_iterations_are_owasps_600000() => new PasswordHashingOptions().Iterations.ShouldBe(600_000);
}
