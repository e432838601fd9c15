using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AuthActors.Runtime.Persistence;

namespace AuthActors.Runtime.Transport;

/// <summary>
/// Turns messages into frame payloads and back under stable, versioned manifests (<c>user.register.v1</c>), with
/// source-generated type info and no reflection. The runtime knows no domain type: the contract assembly hands
/// its table of manifests to <see cref="RegisterAll"/>. The transport's own hello and failure are registered here.
/// Register everything at start, before the first connection: reads are not synchronised with registration.
/// </summary>
public sealed class WireSerializer
{
    /// <summary>Manifest of the hello frame's payload.</summary>
    public const string HelloManifest = "transport.hello.v1";

    /// <summary>Manifest of the failure frame's payload.</summary>
    public const string FailureManifest = "transport.failure.v1";

    private readonly Dictionary<Type, (string Manifest, JsonTypeInfo TypeInfo)> _byType = [];
    private readonly Dictionary<string, JsonTypeInfo> _byManifest = new(StringComparer.Ordinal);

    /// <summary>A serializer that knows the transport's own payloads only.</summary>
    public WireSerializer()
    {
        Register(HelloManifest, TransportJsonContext.Default.MemberIdentity);
        Register(FailureManifest, TransportJsonContext.Default.RemoteFailure);
    }

    /// <summary>Registers <typeparamref name="T"/> under <paramref name="manifest"/>.</summary>
    public WireSerializer Register<T>(string manifest, JsonTypeInfo<T> typeInfo)
        where T : notnull => Register(manifest, (JsonTypeInfo)typeInfo);

    /// <summary>Registers the type <paramref name="typeInfo"/> describes under <paramref name="manifest"/>.</summary>
    /// <exception cref="ArgumentException">The manifest or the type is registered already.</exception>
    public WireSerializer Register(string manifest, JsonTypeInfo typeInfo)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(manifest);
        ArgumentNullException.ThrowIfNull(typeInfo);
        if (_byManifest.ContainsKey(manifest) || _byType.ContainsKey(typeInfo.Type))
        {
            throw new ArgumentException($"manifest '{manifest}' or type {typeInfo.Type.Name} is registered already", nameof(manifest));
        }

        _byManifest.Add(manifest, typeInfo);
        _byType.Add(typeInfo.Type, (manifest, typeInfo));
        return this;
    }

    /// <summary>Registers a table of manifests, such as <c>MessagesWire.Types</c>.</summary>
    public WireSerializer RegisterAll(IEnumerable<KeyValuePair<string, JsonTypeInfo>> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        foreach (var (manifest, typeInfo) in types)
        {
            Register(manifest, typeInfo);
        }

        return this;
    }

    /// <summary>True when <paramref name="type"/> has a manifest.</summary>
    public bool IsRegistered(Type type) => _byType.ContainsKey(type);

    /// <summary>The manifest of <paramref name="value"/>'s type.</summary>
    /// <exception cref="InvalidOperationException">The type has no manifest.</exception>
    public string ManifestOf(object value) => Lookup(value).Manifest;

    /// <summary>Writes <paramref name="value"/> as one JSON value.</summary>
    public void Write(Utf8JsonWriter writer, object value) => JsonSerializer.Serialize(writer, value, Lookup(value).TypeInfo);

    /// <summary>Reads a payload written under <paramref name="manifest"/>, straight from the frame's buffers.</summary>
    /// <exception cref="UnknownManifestException">No type is registered for the manifest.</exception>
    /// <exception cref="JsonException">The payload does not fit the type.</exception>
    public object Read(string manifest, ReadOnlySequence<byte> payload)
    {
        if (!_byManifest.TryGetValue(manifest, out var typeInfo))
        {
            throw new UnknownManifestException(manifest);
        }

        var reader = new Utf8JsonReader(payload);
        return JsonSerializer.Deserialize(ref reader, typeInfo) ?? throw new JsonException($"payload of '{manifest}' is null");
    }

    private (string Manifest, JsonTypeInfo TypeInfo) Lookup(object value) =>
        _byType.TryGetValue(value.GetType(), out var entry)
            ? entry
            : throw new InvalidOperationException($"type {value.GetType().Name} has no wire manifest registered");
}
