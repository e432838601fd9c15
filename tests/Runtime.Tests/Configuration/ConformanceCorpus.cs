namespace AuthActors.Runtime.Tests.Configuration;

/// <summary>Finds the shared HOCON conformance corpus (<c>&lt;repo&gt;/../shared/conformance/hocon</c>) and lists its cases.</summary>
internal static class ConformanceCorpus
{
    public const string NotFound = "(corpus not found)";

    private static readonly string[] Extensions = [".conf", ".json", ".properties"];

    /// <summary>Walks up from the test assembly until a folder holding <c>shared/conformance/hocon</c> is found.</summary>
    public static string? FindRoot()
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

    /// <summary>Every file directly inside a case folder, relative to the corpus root; each must equal the folder's original.json.</summary>
    public static TheoryData<string> EquivalentFiles() => Collect(topLevel: true);

    /// <summary>Every file in a case folder's subfolders: fragments that other files include.</summary>
    public static TheoryData<string> IncludedFragments() => Collect(topLevel: false);

    private static TheoryData<string> Collect(bool topLevel)
    {
        var data = new TheoryData<string>();
        var root = FindRoot();
        if (root is null)
        {
            // A case that fails, so a missing corpus can never look like a green run.
            data.Add(NotFound);
            return data;
        }

        foreach (var folder in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            var files = topLevel
                ? Directory.GetFiles(folder)
                : Directory.GetDirectories(folder).SelectMany(d => Directory.GetFiles(d, "*", SearchOption.AllDirectories));
            foreach (var file in files.Where(IsConfigFile).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(root, file).Replace('\\', '/'));
            }
        }

        return data;
    }

    private static bool IsConfigFile(string path) =>
        Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);
}
