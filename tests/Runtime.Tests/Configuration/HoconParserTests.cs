using AuthActors.Runtime.Configuration;

namespace AuthActors.Runtime.Tests.Configuration;

public sealed class HoconParserTests
{
    [Fact]
    public void Unquoted_words_concatenate_into_one_string_keeping_inner_whitespace()
    {
        var root = HoconParser.Parse("a = foo  bar  // trailing comment\nb = 1.0.0");

        root.Text("a").ShouldBe("foo  bar");
        root.Text("b").ShouldBe("1.0.0");
    }

    [Fact]
    public void Literals_keep_their_type_and_original_text()
    {
        var root = HoconParser.Parse("n = 42.10, t = true, z = null, s = \"42\"");

        root.At("n").ShouldBeOfType<HoconScalar>().Kind.ShouldBe(HoconValueKind.Number);
        root.Text("n").ShouldBe("42.10");
        root.At("t").ShouldBeOfType<HoconScalar>().Kind.ShouldBe(HoconValueKind.Boolean);
        root.At("z").ShouldBeSameAs(HoconNull.Instance);
        root.At("s").ShouldBeOfType<HoconScalar>().Kind.ShouldBe(HoconValueKind.String);
    }

    [Fact]
    public void Quoted_keys_keep_their_dots()
    {
        var root = (HoconObject)HoconParser.Parse("\"a.b\".c = 1");

        root.Fields.Keys.ShouldBe(["a.b"]);
        root.At("a.b").ShouldBeNull();
        ((HoconObject)root.Fields["a.b"]).Fields["c"].ShouldBeOfType<HoconScalar>().Text.ShouldBe("1");
    }

    [Fact]
    public void Repeated_objects_merge_and_other_values_replace()
    {
        var root = HoconParser.Parse("a { x = 1, y = 2 }\na { y = 3 }\nb { x = 1 }\nb = 5\nc = 5\nc { z = 1 }");

        root.Text("a.x").ShouldBe("1");
        root.Text("a.y").ShouldBe("3");
        root.Text("b").ShouldBe("5");
        root.At("c").ShouldBeOfType<HoconObject>().Fields.Keys.ShouldBe(["z"]);
    }

    [Fact]
    public void Arrays_and_objects_concatenate()
    {
        var root = HoconParser.Parse("a = [1, 2] [3]\nb = { x = 1 } { y = 2 }");

        root.Texts("a").ShouldBe(["1", "2", "3"]);
        root.Text("b.x").ShouldBe("1");
        root.Text("b.y").ShouldBe("2");
    }

    [Fact]
    public void Substitutions_look_forward_and_keep_their_type()
    {
        var root = HoconParser.Parse("a = ${b}\nc = ${b} and more\nb = 7\nd = ${e}\ne { x = 1 }");

        root.At("a").ShouldBeOfType<HoconScalar>().Kind.ShouldBe(HoconValueKind.Number);
        root.Text("c").ShouldBe("7 and more");
        root.Text("d.x").ShouldBe("1");
    }

    [Fact]
    public void Object_may_refer_to_its_own_fields()
    {
        var root = HoconParser.Parse("bar { foo = 42, baz = ${bar.foo} }");

        root.Text("bar.baz").ShouldBe("42");
    }

    [Fact]
    public void Self_reference_appends_to_the_previous_value()
    {
        var root = HoconParser.Parse("path = [a]\npath = ${path} [b]\nlist += x\nlist += y\ns = foo\ns = ${s}bar\npath = ${path} [c]");

        root.Texts("path").ShouldBe(["a", "b", "c"]);
        root.Texts("list").ShouldBe(["x", "y"]);
        root.Text("s").ShouldBe("foobar");
    }

    [Fact]
    public void Self_reference_sees_later_overrides_of_other_keys()
    {
        var root = HoconParser.Parse("a = ${b} [1]\nb = [0]\na = ${a} [2]");

        root.Texts("a").ShouldBe(["0", "1", "2"]);
    }

    [Fact]
    public void Missing_optional_substitution_removes_the_field_or_element_or_keeps_the_earlier_value()
    {
        var root = (HoconObject)HoconParser.Parse(
            "gone = ${?NO_SUCH_VARIABLE_7f3a}\nkept = 10\nkept = ${?no.such.path}\nlist = [1, ${?nope}, 2]");

        root.Fields.ContainsKey("gone").ShouldBeFalse();
        root.Text("kept").ShouldBe("10");
        root.Texts("list").ShouldBe(["1", "2"]);
    }

    [Fact]
    public void Substitution_falls_back_to_the_environment_when_not_in_the_tree()
    {
        var name = "HOCON_TEST_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, "from-env");
        try
        {
            var root = HoconParser.Parse($"a = ${{{name}}}\nb = ${{?{name}}}/bin");

            root.Text("a").ShouldBe("from-env");
            root.Text("b").ShouldBe("from-env/bin");
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void Value_in_the_tree_wins_over_the_environment()
    {
        var root = HoconParser.Parse("HOME = \"tree\"\nh = ${HOME}");

        root.Text("h").ShouldBe("tree");
    }

    [Fact]
    public void Quoted_strings_decode_json_escapes_and_triple_quotes_take_text_verbatim()
    {
        var root = HoconParser.Parse("a = \"tab\\there \\u0041 \\\"q\\\" \\\\\"\nb = \"\"\"raw \\n \"quoted\" \nline\"\"\"");

        root.Text("a").ShouldBe("tab\there A \"q\" \\");
        root.Text("b").ShouldBe("raw \\n \"quoted\" \nline");
    }

    [Fact]
    public void Root_may_be_an_array()
    {
        var root = HoconParser.Parse("[1, two, { x = 3 }]");

        root.ShouldBeOfType<HoconArray>().Items.Count.ShouldBe(3);
    }

    [Fact]
    public void Include_word_is_a_plain_string_outside_key_position()
    {
        var root = HoconParser.Parse("a = include\nfoo include = 1");

        root.Text("a").ShouldBe("include");
        root.Text("foo include").ShouldBe("1");
    }
}
