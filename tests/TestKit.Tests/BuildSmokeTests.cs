namespace AuthActors.TestKit.Tests;

public sealed class BuildSmokeTests
{
    [Fact]
    public void Project_builds() => true.ShouldBeTrue();
}
