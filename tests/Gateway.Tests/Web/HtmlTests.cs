using AuthActors.Gateway.Web;

namespace AuthActors.Gateway.Tests.Web;

public sealed class HtmlTests
{
    [Fact]
    public void Every_hole_is_encoded_unless_it_is_markup()
    {
        const string name = "<script>alert(1)</script>\" onfocus=\"x";
        var inner = Html.Of($"<em>{name}</em>");
        var page = Html.Of($"<p title=\"{name}\">{inner}{42}</p>");
        page.Value.ShouldNotContain("<script>");
        page.Value.ShouldNotContain("\" onfocus");
        page.Value.ShouldStartWith("<p title=\"&lt;script&gt;");
        page.Value.ShouldContain("<em>&lt;script&gt;");
        page.Value.ShouldEndWith("42</p>");
    }

    [Fact]
    public void Field_errors_are_one_message_each_and_mark_their_input()
    {
        var errors = new FieldErrors();
        errors.Add("password", "password must contain at least one digit");
        errors.Add("password", "password must be longer than 4 characters");
        errors.For("password").Value.ShouldBe(
            "<ul class=\"field-errors\" id=\"password-errors\"><li>password must contain at least one digit</li><li>password must be longer than 4 characters</li></ul>");
        errors.Invalid("password").Value.ShouldBe(" aria-invalid=\"true\"");
        errors.For("id").Value.ShouldBeEmpty();
    }
}
