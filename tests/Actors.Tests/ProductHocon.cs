using Akka.Configuration;
using AuthActors.Node.Hosting;

namespace AuthActors.Actors.Tests;

/// <summary>The product's Akka settings (hocon/akka.conf, copied beside the build), read by Akka's parser.</summary>
internal static class ProductHocon
{
    /// <summary>hocon/akka.conf as Akka reads it.</summary>
    public static Config Akka() => AkkaSettings.BesideTheBuild();
}
