using System.Text.Json;
using System.Text.Json.Serialization;

namespace AuthActors.Messages;

/// <summary>
/// Writes a <see cref="Secret"/> as its plain value. Only the wire context (<see cref="MessagesJsonContext"/>) uses
/// it: a secret must cross to the node that checks it, while logs and other JSON keep seeing nothing.
/// </summary>
internal sealed class SecretJsonConverter : JsonConverter<Secret>
{
    public override Secret Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(reader.GetString() ?? throw new JsonException("a secret must be a string"));

    public override void Write(Utf8JsonWriter writer, Secret value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
