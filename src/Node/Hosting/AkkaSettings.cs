using Akka.Configuration;

namespace AuthActors.Node.Hosting;

/// <summary>
/// The product's Akka.NET settings, <c>akka.conf</c> in the hocon directory, read by Akka's own parser (the other
/// role files are not yet: see docs/architecture.md for what that parser reads differently).
/// </summary>
public static class AkkaSettings
{
    /// <summary>The settings in <paramref name="hoconDirectory"/>.</summary>
    public static Config Load(string hoconDirectory) =>
        ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(hoconDirectory, "akka.conf")));

    /// <summary>The settings copied beside the running build (tests and benches).</summary>
    public static Config BesideTheBuild() => Load(Path.Combine(AppContext.BaseDirectory, "hocon"));
}
