namespace AuthActors.Actors.Tests.Configuration;

/// <summary>The reference HOCON implementation's equivalence corpus, beside the repository in shared/conformance/hocon.</summary>
internal static class HoconCorpus
{
    private static readonly string[] Extensions = [".conf", ".json", ".properties"];

    /// <summary>The corpus root, found by walking up from the test assembly.</summary>
    public static string Root { get; } = FindRoot()
        ?? throw new DirectoryNotFoundException("shared/conformance/hocon was not found beside the repository");

    /// <summary>Every file directly in a case folder, relative to the root: each must read as the folder's original.json.</summary>
    public static IEnumerable<string> EquivalentFiles() =>
        Directory.GetDirectories(Root).Order(StringComparer.Ordinal)
            .SelectMany(folder => Directory.GetFiles(folder).Order(StringComparer.Ordinal))
            .Where(file => Extensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase)
                && Path.GetFileName(file) != "original.json")
            .Select(file => Path.GetRelativePath(Root, file).Replace('\\', '/'));

    private static string? FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "conformance", "hocon");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
