using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace AuthActors.Runtime.Persistence;

/// <summary>
/// Serializes registered types as UTF-8 JSON (source-generated type info, no reflection) under versioned manifests.
/// Older manifests are read by upcasters that turn their payload into the current type.
/// </summary>
public sealed class JsonPersistenceSerializer : IPersistenceSerializer
{
    private readonly Dictionary<Type, Func<object, (string, byte[])>> _writers = [];
    private readonly Dictionary<string, Func<ReadOnlyMemory<byte>, object>> _readers = new(StringComparer.Ordinal);

    /// <summary>Registers the current version of the type <paramref name="typeInfo"/> describes under <paramref name="manifest"/>.</summary>
    public JsonPersistenceSerializer Register(string manifest, JsonTypeInfo typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        _writers.Add(typeInfo.Type, value => (manifest, JsonSerializer.SerializeToUtf8Bytes(value, typeInfo)));
        _readers.Add(manifest, payload => JsonSerializer.Deserialize(payload.Span, typeInfo)
            ?? throw new JsonException($"payload of '{manifest}' is null"));
        return this;
    }

    /// <summary>Reads payloads stored under an older <paramref name="manifest"/> by converting them to the current type.</summary>
    public JsonPersistenceSerializer RegisterUpcaster(string manifest, Func<ReadOnlyMemory<byte>, object> upcast)
    {
        _readers.Add(manifest, upcast);
        return this;
    }

    /// <inheritdoc />
    public (string Manifest, byte[] Payload) Serialize(object value) =>
        _writers.TryGetValue(value.GetType(), out var write)
            ? write(value)
            : throw new InvalidOperationException($"type {value.GetType().Name} has no manifest registered");

    /// <inheritdoc />
    public object Deserialize(string manifest, ReadOnlyMemory<byte> payload) =>
        _readers.TryGetValue(manifest, out var read) ? read(payload) : throw new UnknownManifestException(manifest);
}
