namespace AuthActors.Runtime.Security;

/// <summary>
/// Files and directories only this process's user may read: created with their final mode (0600, 0700) instead of
/// chmod-ed after, so there is no moment in which another user could open them.
/// </summary>
public static class PrivateFiles
{
    /// <summary>Read and write for the owner only.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Read, write and search for the owner only.</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode GroupOrOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Creates the directory (and missing parents) owner-only; an existing one is left as it is.</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, DirectoryMode);
        }
    }

    /// <summary>
    /// Stops when group or others may use <paramref name="path"/>: what is in it (the pepper, the keys, the journal)
    /// would be theirs to read or replace. The message names the path and the fix.
    /// </summary>
    public static void RefuseShared(string path, string what)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & GroupOrOthers) != 0)
        {
            throw new InvalidOperationException(
                $"the {what} {path} is open to group or others (mode {Octal(mode)}); it holds secrets. Run: chmod 700 {path}");
        }
    }

    /// <summary>Writes a new file, owner-only from the start; fails if it exists.</summary>
    public static void WriteNew(string path, string text)
    {
        using var writer = new StreamWriter(path, System.Text.Encoding.UTF8, Options(System.IO.FileMode.CreateNew));
        writer.Write(text);
    }

    /// <summary>Creates an empty owner-only file when none is there, so that whatever opens it next keeps its mode.</summary>
    public static void EnsureFile(string path)
    {
        using var stream = new FileStream(path, Options(System.IO.FileMode.OpenOrCreate));
    }

    private static FileStreamOptions Options(System.IO.FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.ReadWrite };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        return options;
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');
}
