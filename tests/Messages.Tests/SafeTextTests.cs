namespace AuthActors.Messages.Tests;

public sealed class SafeTextTests
{
    [Theory]
    [InlineData("hello, world")]
    [InlineData("héllo wörld ✓ 日本語")]
    [InlineData("עברית and English")]
    [InlineData("")]
    public void Printable_text_in_any_script_is_safe(string text) => SafeText.Check(text).ShouldBeNull();

    [Theory]
    [InlineData("\u0000", "U+0000")]
    [InlineData("esc\u001b[2K", "U+001B")]
    [InlineData("tab\t", "U+0009")]
    [InlineData("del\u007f", "U+007F")]
    [InlineData("csi\u009b", "U+009B")]
    [InlineData("\u202aembed", "U+202A")]
    [InlineData("\u202eoverride", "U+202E")]
    [InlineData("iso\u2066late", "U+2066")]
    [InlineData("pop\u2069", "U+2069")]
    public void Control_characters_and_bidi_overrides_are_refused_naming_the_first(string text, string named) =>
        SafeText.Check(text).ShouldBe($"{SafeText.Rule} ({named})");

    [Fact]
    public void Neutralize_replaces_each_refused_character_and_keeps_the_rest()
    {
        SafeText.Neutralize("a\u001b[2Kb\u202ec").ShouldBe("a\uFFFD[2Kb\uFFFDc");
        SafeText.Neutralize("plain").ShouldBe("plain");
    }

    [Fact]
    public void An_id_with_an_escape_is_named_as_such_and_other_bad_ids_get_the_id_rule()
    {
        UserId.Problem("ali\u001bce").ShouldBe($"{SafeText.Rule} (U+001B)");
        UserId.Problem("has space").ShouldBe(UserId.Rule);
        UserId.Problem("alice").ShouldBeNull();
    }

    [Fact]
    public void A_display_name_with_a_bidi_override_is_refused_by_the_rule()
    {
        ProfileRules.Check(null, "\u202etnemyap").ShouldBe([$"display name: {SafeText.Rule} (U+202E)"]);
        ProfileRules.Check("a\u202e@example.org", null).ShouldHaveSingleItem();
    }
}
