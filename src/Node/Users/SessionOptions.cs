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

    /// <summary>Live sessions per user; what a login past it does is <see cref="LimitPolicy"/>.</summary>
    [ConfigurationKeyName("max-sessions")]
    public int MaxSessions { get; set; } = 10;

    /// <summary>At the limit: end the oldest session to make room, or refuse the new login.</summary>
    public SessionLimitPolicy LimitPolicy { get; set; } = SessionLimitPolicy.EvictOldest;

    /// <summary>The configured spelling of <see cref="LimitPolicy"/>: <c>evict-oldest</c> or <c>refuse</c>.</summary>
    [ConfigurationKeyName("limit-policy")]
    public string LimitPolicyName
    {
        get => LimitPolicy == SessionLimitPolicy.Refuse ? "refuse" : "evict-oldest";
        set => LimitPolicy = value switch
        {
            "evict-oldest" => SessionLimitPolicy.EvictOldest,
            "refuse" => SessionLimitPolicy.Refuse,
            _ => throw new InvalidOperationException($"tokens.refresh.limit-policy '{value}' is not supported; use 'evict-oldest' or 'refuse'"),
        };
    }

    /// <summary>
    /// How long after a rotation the replaced token may be presented again and get the same successor back (a client
    /// whose response was lost retries); past it, presenting it is reuse. Zero: every second presentation is reuse.
    /// </summary>
    [ConfigurationKeyName("reuse-grace")]
    public TimeSpan ReuseGrace { get; set; } = TimeSpan.FromSeconds(10);
}
