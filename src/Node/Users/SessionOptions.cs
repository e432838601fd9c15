using Microsoft.Extensions.Configuration;

namespace AuthActors.Node.Users;

/// <summary>How long refresh-token sessions live and how many a user may hold.</summary>
public sealed class SessionOptions
{
    /// <summary>A session not refreshed for this long ends.</summary>
    [ConfigurationKeyName("idle-lifetime")]
    public TimeSpan IdleLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>A session ends this long after it began, however often it was refreshed.</summary>
    [ConfigurationKeyName("absolute-lifetime")]
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Live sessions per user; opening one more ends the least recently used.</summary>
    [ConfigurationKeyName("max-sessions")]
    public int MaxSessions { get; set; } = 32;
}
