using System.Text.Json;

namespace AuthActors.Actors.Tests.Configuration;

/// <summary>
/// What Akka.NET's own HOCON parser makes of the reference implementation's equivalence corpus: every file reads as
/// its folder's original.json except the ones listed in <see cref="KnownDifferences"/>, each with what Akka does.
/// A case that starts to read right (or another that stops) fails the test, so the list stays true; it is the list
/// docs/architecture.md gives for the move of configuration onto Akka's parser.
/// </summary>
public sealed class AkkaHoconConformanceTests
{
    /// <summary>Files Akka.NET 1.5.75's parser reads differently from the reference, with what it does instead.</summary>
    public static readonly IReadOnlyDictionary<string, string> KnownDifferences = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["equiv01/omit-colons.conf"] = "does not parse: a FormatException ('Unknown token') in the first object written without colons",
        ["equiv01/properties-style.conf"] = "a substitution of null (nulls.null=${nulls.nullAgain}) reads as an empty string, not null",
        ["equiv01/substitutions.conf"] = "a substitution of null (${nulls.null}) reads as an empty string, not null",
        ["equiv03/includes.conf"] = "a .properties file cannot be included: Akka's parser reads HOCON and JSON only",
        ["equiv04/missing-substitutions.conf"] =
            "an optional substitution of something undefined (a=${?NOT_DEFINED}) keeps the key instead of leaving it out; inside an object it also drops what follows",
        ["equiv05/triple-quotes.conf"] = "a triple-quoted string loses its leading and trailing whitespace and newlines",
    };

    public static IEnumerable<object[]> Files() => HoconCorpus.EquivalentFiles().Select(file => new object[] { file });

    [Theory]
    [MemberData(nameof(Files))]
    public void Akka_reads_each_corpus_file_as_the_reference_does_or_as_documented(string relativePath)
    {
        var file = Path.Combine(HoconCorpus.Root, relativePath);
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(file)!, "original.json")));
        var difference = AkkaHoconReading.Difference(file, expected.RootElement);

        if (KnownDifferences.ContainsKey(relativePath))
        {
            difference.ShouldNotBeNull($"{relativePath} now reads as the reference does: remove it from the known differences");
        }
        else
        {
            difference.ShouldBeNull(relativePath);
        }
    }
}
