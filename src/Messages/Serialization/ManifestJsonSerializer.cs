using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Akka.Actor;
using Akka.Serialization;

namespace AuthActors.Messages.Serialization;

/// <summary>
/// An Akka serializer that writes registered types as UTF-8 JSON (source-generated type info, no reflection) under
/// stable, versioned manifests, and reads older manifests through upcasters. Each subclass owns one table and one
/// identifier; the identifier is stored with every remote message and journal row of Akka.Persistence.Sql, so it
/// never changes. None of Akka's reflection-based default serializers is involved.
/// </summary>
public abstract class ManifestJsonSerializer : SerializerWithStringManifest
{
    private readonly Dictionary<Type, (string Manifest, JsonTypeInfo TypeInfo)> _byType = [];
    private readonly Dictionary<string, Func<ReadOnlyMemory<byte>, object>> _readers = new(StringComparer.Ordinal);

    /// <summary>A serializer for <paramref name="types"/> (manifest → type info), with upcasters for older manifests.</summary>
    /// <exception cref="ArgumentException">A manifest or a type appears twice.</exception>
    protected ManifestJsonSerializer(
        ExtendedActorSystem system,
        IEnumerable<KeyValuePair<string, JsonTypeInfo>> types,
        IEnumerable<KeyValuePair<string, Func<ReadOnlyMemory<byte>, object>>>? upcasters = null)
        : base(system)
    {
        ArgumentNullException.ThrowIfNull(types);
        foreach (var (manifest, typeInfo) in types)
        {
            _byType.Add(typeInfo.Type, (manifest, typeInfo));
            _readers.Add(manifest, bytes => JsonSerializer.Deserialize(bytes.Span, typeInfo)
                ?? throw new SerializationException($"payload of '{manifest}' is null"));
        }

        foreach (var (manifest, upcast) in upcasters ?? [])
        {
            _readers.Add(manifest, upcast);
        }
    }

    /// <summary>Every manifest this serializer reads, current and upcast.</summary>
    public IReadOnlyCollection<string> Manifests => _readers.Keys;

    /// <inheritdoc />
    public override string Manifest(object o) => Lookup(o).Manifest;

    /// <inheritdoc />
    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, Lookup(obj).TypeInfo);

    /// <inheritdoc />
    /// <exception cref="SerializationException">The manifest is unknown, or the payload does not fit its type.</exception>
    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!_readers.TryGetValue(manifest, out var read))
        {
            throw new SerializationException($"{GetType().Name} knows no manifest '{manifest}'");
        }

        try
        {
            return read(bytes);
        }
        catch (JsonException error)
        {
            throw new SerializationException($"payload of '{manifest}' does not read: {error.Message}", error);
        }
    }

    private (string Manifest, JsonTypeInfo TypeInfo) Lookup(object value) =>
        _byType.TryGetValue(value.GetType(), out var entry)
            ? entry
            : throw new ArgumentException($"{GetType().Name} has no manifest for {value.GetType().FullName}", nameof(value));
}
