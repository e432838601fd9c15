using AuthActors.TestKit;
using AuthActors.Runtime.Configuration;

namespace AuthActors.Runtime.Tests.Configuration;

public sealed class HoconIncludeTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Include_is_relative_to_the_including_file_and_placed_where_it_appears()
    {
        _directory.Write("conf/parts/db.conf", "host = db1\nport = 5432\nurl = ${host}\":\"${port}");
        var main = _directory.Write("conf/app.conf", "database { include \"parts/db.conf\" }\ndatabase.port = 6543");

        var root = HoconParser.ParseFile(main);

        root.Text("database.host").ShouldBe("db1");
        root.Text("database.port").ShouldBe("6543");
        root.Text("database.url").ShouldBe("db1:6543");
    }

    [Fact]
    public void Include_without_extension_merges_properties_json_then_conf()
    {
        _directory.Write("base.properties", "a.x=from-properties\na.p=only-properties");
        _directory.Write("base.json", "{ \"a\": { \"x\": \"from-json\", \"j\": 1 } }");
        _directory.Write("base.conf", "a.x = from-conf");
        var main = _directory.Write("main.conf", "include file(\"base\")");

        var root = HoconParser.ParseFile(main);

        root.Text("a.x").ShouldBe("from-conf");
        root.Text("a.p").ShouldBe("only-properties");
        root.Text("a.j").ShouldBe("1");
    }

    [Fact]
    public void Missing_optional_include_is_ignored_and_missing_required_include_fails()
    {
        var optional = _directory.Write("optional.conf", "include \"nope.conf\"\na = 1");
        var required = _directory.Write("required.conf", "a = 1\ninclude required(file(\"nope.conf\"))");

        HoconParser.ParseFile(optional).Text("a").ShouldBe("1");
        var error = Should.Throw<HoconFormatException>(() => HoconParser.ParseFile(required));
        error.Line.ShouldBe(2);
        error.FilePath.ShouldBe(required);
    }

    [Fact]
    public void Error_in_included_file_points_into_that_file()
    {
        var part = _directory.Write("part.conf", "ok = 1\nbroken = [1, 2");
        var main = _directory.Write("main.conf", "include \"part.conf\"");

        var error = Should.Throw<HoconFormatException>(() => HoconParser.ParseFile(main));

        error.FilePath.ShouldBe(part);
        error.Line.ShouldBe(2);
    }

    [Fact]
    public void Include_cycle_is_an_error()
    {
        _directory.Write("a.conf", "include \"b.conf\"");
        var b = _directory.Write("b.conf", "include \"a.conf\"");

        Should.Throw<HoconFormatException>(() => HoconParser.ParseFile(b)).Message.ShouldContain("include cycle");
    }

    [Fact]
    public void Properties_values_are_strings_and_objects_win_over_values()
    {
        var file = _directory.Write("app.properties", "# comment\na=hello\na.b=world\nn = 42\nlong=first \\\n  second");

        var root = HoconParser.ParseFile(file);

        root.Text("a.b").ShouldBe("world");
        root.At("n").ShouldBeOfType<HoconScalar>().Kind.ShouldBe(HoconValueKind.String);
        root.Text("long").ShouldBe("first second");
    }
}
