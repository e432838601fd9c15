using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace AuthActors.Messages;

/// <summary>
/// Writes an <see cref="Audited"/> as its origin, the inner command's manifest and the command itself, so the inner
/// command keeps its own versioned shape (the manifests of <see cref="MessagesWire"/>).
/// </summary>
internal sealed class AuditedJsonConverter : JsonConverter<Audited>
{
    private static readonly Lazy<Dictionary<Type, (string Manifest, JsonTypeInfo TypeInfo)>> ByType = new(() =>
        MessagesWire.Types.Where(t => typeof(IUserCommand).IsAssignableFrom(t.Value.Type) && t.Value.Type != typeof(Audited))
            .ToDictionary(t => t.Value.Type, t => (t.Key, t.Value)));

    public override Audited Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("manifest", out var manifest) || manifest.ValueKind != JsonValueKind.String
            || !root.TryGetProperty("command", out var command)
            || !root.TryGetProperty("origin", out var origin))
        {
            throw new JsonException("an audited command needs origin, manifest and command");
        }

        if (!MessagesWire.Types.TryGetValue(manifest.GetString()!, out var typeInfo) || typeInfo.Type == typeof(Audited)
            || command.Deserialize(typeInfo) is not IUserCommand inner)
        {
            throw new JsonException($"'{manifest.GetString()}' is not a user command");
        }

        var address = origin.TryGetProperty("address", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
        var gateway = origin.TryGetProperty("gateway", out var g) && g.ValueKind == JsonValueKind.String
            ? g.GetString()!
            : throw new JsonException("an audited command's origin needs its gateway");
        return new Audited(inner, new RequestOrigin(address, gateway));
    }

    public override void Write(Utf8JsonWriter writer, Audited value, JsonSerializerOptions options)
    {
        if (!ByType.Value.TryGetValue(value.Command.GetType(), out var inner))
        {
            throw new JsonException($"{value.Command.GetType().Name} has no manifest");
        }

        writer.WriteStartObject();
        writer.WriteStartObject("origin");
        if (value.Origin.Address is { } address)
        {
            writer.WriteString("address", address);
        }

        writer.WriteString("gateway", value.Origin.Gateway);
        writer.WriteEndObject();
        writer.WriteString("manifest", inner.Manifest);
        writer.WritePropertyName("command");
        JsonSerializer.Serialize(writer, value.Command, inner.TypeInfo);
        writer.WriteEndObject();
    }
}
