using Microsoft.Extensions.Configuration;

namespace AuthActors.Node.Hosting;

/// <summary>How users are spread over shards (section <c>sharding</c>).</summary>
public sealed class ShardingOptions
{
    /// <summary>Fixed for the life of a deployment: changing it moves every user to another shard.</summary>
    [ConfigurationKeyName("shard-count")]
    public int ShardCount { get; set; } = 100;
}
