using System.Text.Json;
using AuthActors.Runtime.Configuration;

namespace AuthActors.Runtime.Tests.Configuration;

/// <summary>The conformance check is only worth something if its comparison can fail.</summary>
public sealed class JsonTreeTests
{
    [Theory]
    [InlineData("a = 1", "{\"a\": 2}")]
    [InlineData("a = \"1\"", "{\"a\": 1}")]
    [InlineData("a = 1", "{\"a\": 1, \"b\": null}")]
    [InlineData("a = 1, b = 2", "{\"a\": 1}")]
    [InlineData("a = [1, 2]", "{\"a\": [2, 1]}")]
    [InlineData("a = true", "{\"a\": \"true\"}")]
    public void Different_trees_are_reported(string hocon, string json)
    {
        using var expected = JsonDocument.Parse(json);

        JsonTree.FirstDifference(HoconParser.Parse(hocon), expected.RootElement).ShouldNotBeNull();
    }

    [Fact]
    public void Numbers_compare_by_value_and_keys_in_any_order()
    {
        using var expected = JsonDocument.Parse("{\"b\": 1.50, \"a\": [1e2]}");

        JsonTree.FirstDifference(HoconParser.Parse("a = [100], b = 1.5"), expected.RootElement).ShouldBeNull();
    }
}
