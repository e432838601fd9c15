using System.Text.Json;
using AuthActors.Runtime.Configuration;

namespace AuthActors.Runtime.Tests.Configuration;

/// <summary>Runs every file of the shared conformance corpus; every HOCON feature it uses is supported, .properties included.</summary>
public sealed class HoconConformanceTests
{
    [Theory]
    [MemberData(nameof(ConformanceCorpus.EquivalentFiles), MemberType = typeof(ConformanceCorpus))]
    public void File_parses_to_the_same_tree_as_original_json(string relativePath)
    {
        var root = RequireCorpus(relativePath);
        var file = Path.Combine(root, relativePath);
        var original = Path.Combine(Path.GetDirectoryName(file)!, "original.json");

        var actual = HoconParser.ParseFile(file);
        using var expected = JsonDocument.Parse(File.ReadAllText(original));

        JsonTree.FirstDifference(actual, expected.RootElement).ShouldBeNull();
    }

    [Theory]
    [MemberData(nameof(ConformanceCorpus.IncludedFragments), MemberType = typeof(ConformanceCorpus))]
    public void Included_fragment_parses_on_its_own_to_an_object(string relativePath)
    {
        var root = RequireCorpus(relativePath);

        var value = HoconParser.ParseFile(Path.Combine(root, relativePath));

        value.ShouldBeOfType<HoconObject>().Fields.ShouldNotBeEmpty();
    }

    private static string RequireCorpus(string relativePath)
    {
        relativePath.ShouldNotBe(
            ConformanceCorpus.NotFound,
            "shared/conformance/hocon was not found beside the repository (walked up from the test assembly)");
        return ConformanceCorpus.FindRoot()!;
    }
}
