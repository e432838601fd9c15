using Microsoft.Extensions.Configuration;

namespace AuthActors.Node.Online;

/// <summary>Online sessions as the processes that host users see them (section <c>users.online</c>).</summary>
public sealed class OnlineOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "users:online";

    /// <summary>How often sessions whose gateway died are looked for and closed.</summary>
    [ConfigurationKeyName("sweep-every")]
    public TimeSpan SweepEvery { get; set; } = TimeSpan.FromSeconds(5);
}
