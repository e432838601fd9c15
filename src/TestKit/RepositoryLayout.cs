namespace AuthActors.TestKit;

/// <summary>Finds the repository and the built executables from wherever a test runs.</summary>
public static class RepositoryLayout
{
    /// <summary>The folder holding AuthActors.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration the tests were built with (Debug or Release).</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release"
            : "Debug";

    /// <summary>The gateway's built dll, from the same configuration as the tests.</summary>
    public static string GatewayDll => Path.Combine(Root, "src", "Gateway", "bin", Configuration, "net10.0", "AuthActors.Gateway.dll");

    /// <summary>The node's built dll, from the same configuration as the tests.</summary>
    public static string NodeDll => Path.Combine(Root, "src", "Node", "bin", Configuration, "net10.0", "AuthActors.Node.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AuthActors.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"AuthActors.sln not found above {AppContext.BaseDirectory}");
    }
}
