using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace AuthActors.Messages;

/// <summary>
/// Reads and writes <see cref="Rejected"/> through its plain shape: the record has two public constructors, and a
/// record's primary constructor cannot carry <c>[JsonConstructor]</c>.
/// </summary>
internal sealed class RejectedJsonConverter : JsonConverter<Rejected>
{
    public override Rejected Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var shape = JsonSerializer.Deserialize(ref reader, Shape(options));
        return shape is { Reasons.Count: > 0 }
            ? new Rejected(shape.Code, shape.Reasons, shape.RetryAfter)
            : throw new JsonException("a rejection needs at least one reason");
    }

    public override void Write(Utf8JsonWriter writer, Rejected value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, new RejectedShape(value.Code, value.Reasons, value.RetryAfter), Shape(options));

    private static JsonTypeInfo<RejectedShape> Shape(JsonSerializerOptions options) =>
        (JsonTypeInfo<RejectedShape>)options.GetTypeInfo(typeof(RejectedShape));
}

/// <summary>The fields of a <see cref="Rejected"/> as they travel.</summary>
internal sealed record RejectedShape(ErrorCode Code, IReadOnlyList<string> Reasons, TimeSpan? RetryAfter);
