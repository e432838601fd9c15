using System.Text.Json.Serialization;

namespace AuthActors.Runtime.Transport;

/// <summary>Source-generated JSON for the transport's own payloads: the hello and the failure.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(MemberIdentity))]
[JsonSerializable(typeof(RemoteFailure))]
internal sealed partial class TransportJsonContext : JsonSerializerContext;
