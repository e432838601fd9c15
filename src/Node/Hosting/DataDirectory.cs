using AuthActors.Runtime.Configuration;
using AuthActors.Runtime.Security;

namespace AuthActors.Node.Hosting;

/// <summary>Where the embedded database and generated secrets live: <c>AUTHACTORS_DATA</c>, else <c>./data</c>.</summary>
public static class DataDirectory
{
    /// <summary>The environment variable that moves the data directory.</summary>
    public const string Variable = "AUTHACTORS_DATA";

    /// <summary>
    /// The data directory's full path, created owner-only (0700) when missing; by <paramref name="variables"/> (null:
    /// the process environment). One that group or others may use is refused: it holds the pepper, the keys and the journal.
    /// </summary>
    public static string Resolve(HostVariables? variables = null)
    {
        var configured = variables is null ? Environment.GetEnvironmentVariable(Variable) : variables.Find(Variable);
        var path = Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? "data" : configured);
        PrivateFiles.CreateDirectory(path);
        PrivateFiles.RefuseShared(path, "data directory");
        return path;
    }
}
