using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using AuthActors.Runtime.Transport;

namespace AuthActors.Runtime.Cluster;

/// <summary>Source-generated JSON for the cluster's own messages on the wire.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ShardNotHere))]
internal sealed partial class ClusterJsonContext : JsonSerializerContext;

/// <summary>Registers the cluster's messages with a wire serializer.</summary>
public static class ClusterWire
{
    /// <summary>Adds <see cref="ShardNotHere"/> under its manifest.</summary>
    public static WireSerializer RegisterClusterMessages(this WireSerializer wire) =>
        wire.Register("cluster.shard-not-here.v1", (JsonTypeInfo)ClusterJsonContext.Default.ShardNotHere);
}
