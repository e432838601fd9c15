using Microsoft.Extensions.Configuration;

namespace AuthActors.Gateway.Web;

/// <summary>The bounds of the messages page's event streams (section <c>gateway.http</c>).</summary>
internal sealed class MessagePageOptions
{
    /// <summary>Event streams (open messages pages) one user may hold on one gateway; one more is told to close one.</summary>
    [ConfigurationKeyName("message-streams-per-user")]
    public int StreamsPerUser { get; set; } = 4;

    /// <summary>How often an open stream asks whether its web session still stands (ban, logout on another gateway).</summary>
    [ConfigurationKeyName("message-session-check")]
    public TimeSpan SessionCheck { get; set; } = TimeSpan.FromSeconds(15);
}
