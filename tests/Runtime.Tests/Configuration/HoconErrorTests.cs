using AuthActors.Runtime.Configuration;

namespace AuthActors.Runtime.Tests.Configuration;

public sealed class HoconErrorTests
{
    [Theory]
    [InlineData("a = 1\nb = \"unterminated\nc = 3", 2, 5)]
    [InlineData("a = 1\nb {\n  c = 2\n", 4, 1)]
    [InlineData("a = 1\n\nb = \"bad \\q escape\"", 3, 10)]
    [InlineData("a = 1\nb = [1, 2\n", 2, 5)]
    [InlineData("a = 1\nb = 2 }", 2, 7)]
    [InlineData("a = 1\nb = ${missing.path}", 2, 5)]
    [InlineData("a = 1\n\n\nb", 4, 2)]
    [InlineData("a = 1\nb = foo ` bar", 2, 9)]
    [InlineData("a..b = 1", 1, 1)]
    public void Malformed_input_reports_line_and_column(string text, int line, int column)
    {
        var error = Should.Throw<HoconFormatException>(() => HoconParser.Parse(text, "app.conf"));

        error.Line.ShouldBe(line);
        error.Column.ShouldBe(column);
        error.FilePath.ShouldBe("app.conf");
        error.Message.ShouldStartWith($"app.conf:{line}:{column}: ");
    }

    [Fact]
    public void Substitution_cycle_is_reported_with_its_path()
    {
        var error = Should.Throw<HoconFormatException>(() => HoconParser.Parse("a = ${b}\nb = ${c}\nc = ${a}"));

        error.Message.ShouldContain("substitution cycle: ${b} -> ${c} -> ${a} -> ${b}");
        error.Line.ShouldBe(3);
        error.Message.ShouldStartWith("<text>:");
    }

    [Fact]
    public void Object_containing_a_substitution_of_itself_is_a_cycle()
    {
        var error = Should.Throw<HoconFormatException>(() => HoconParser.Parse("a { b = ${a} }"));

        error.Line.ShouldBe(1);
        error.Message.ShouldContain("cycle");
    }

    [Fact]
    public void Missing_required_substitution_names_the_path()
    {
        var error = Should.Throw<HoconFormatException>(() => HoconParser.Parse("x = 1\ny = ${NO_SUCH_VARIABLE_9b1c}"));

        error.Line.ShouldBe(2);
        error.Message.ShouldContain("${NO_SUCH_VARIABLE_9b1c}");
    }

    [Fact]
    public void Concatenating_an_object_with_a_string_is_an_error()
    {
        var error = Should.Throw<HoconFormatException>(() => HoconParser.Parse("o { x = 1 }\na = ${o} text"));

        error.Line.ShouldBe(2);
    }
}
