using System.Runtime.InteropServices;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;

namespace AuthActors.Runtime.Persistence.Plugin;

/// <summary>
/// Turns payloads into the (manifest, bytes) the journal's tables store and back. The tables predate Akka and keep
/// no serializer id, so a stored manifest's prefix names the serializer that reads it (<c>"user." =
/// authactors-users</c> in the plugin's <c>serializers-by-manifest-prefix</c>); rows written before the move read as
/// they are, and rows written by the plugin are the same bytes the old runtime wrote.
/// </summary>
internal sealed class StoredPayloads
{
    private readonly Serialization _serialization;
    private readonly (string Prefix, int SerializerId)[] _byPrefix;

    public StoredPayloads(ActorSystem system, Config pluginConfig)
    {
        _serialization = system.Serialization;
        var table = pluginConfig.GetConfig("serializers-by-manifest-prefix")
            ?? throw new ConfigurationException("the plugin needs serializers-by-manifest-prefix");
        _byPrefix =
        [
            .. table.AsEnumerable()
                .Select(entry => (Prefix: entry.Key.Trim('"'), Name: entry.Value.GetString()))
                .Select(entry => (entry.Prefix, SerializerId: IdentifierOf(system, entry.Name)))
                .OrderByDescending(entry => entry.Prefix.Length),
        ];
    }

    /// <summary>The manifest and bytes of <paramref name="payload"/>.</summary>
    /// <exception cref="InvalidOperationException">Its serializer does not own its manifest's prefix.</exception>
    public (string Manifest, byte[] Bytes) Write(object payload)
    {
        var serializer = _serialization.FindSerializerFor(payload);
        var manifest = serializer is SerializerWithStringManifest withManifest ? withManifest.Manifest(payload) : "";
        if (SerializerIdOf(manifest) != serializer.Identifier)
        {
            throw new InvalidOperationException(
                $"{payload.GetType().Name} is written by {serializer.GetType().Name} under '{manifest}', which no entry of "
                + "serializers-by-manifest-prefix gives to that serializer: the journal could not read it back");
        }

        return (manifest, serializer.ToBinary(payload));
    }

    /// <summary>The payload stored under <paramref name="manifest"/>.</summary>
    /// <exception cref="System.Runtime.Serialization.SerializationException">No serializer owns the manifest.</exception>
    public object Read(string manifest, ReadOnlyMemory<byte> bytes) =>
        SerializerIdOf(manifest) is { } serializerId
            ? _serialization.Deserialize(WholeArray(bytes), serializerId, manifest)
            : throw new System.Runtime.Serialization.SerializationException(
                $"no entry of serializers-by-manifest-prefix owns the stored manifest '{manifest}'");

    // Rows are read into arrays of their own: hand the array over rather than copy every replayed event.
    private static byte[] WholeArray(ReadOnlyMemory<byte> bytes) =>
        MemoryMarshal.TryGetArray(bytes, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : bytes.ToArray();

    private int? SerializerIdOf(string manifest)
    {
        foreach (var (prefix, serializerId) in _byPrefix)
        {
            if (manifest.StartsWith(prefix, StringComparison.Ordinal))
            {
                return serializerId;
            }
        }

        return null;
    }

    // A serializer's identifier is its own (a property, not configuration), so a throw-away instance of the named
    // class tells it; reads then go through the system's own instance, by identifier.
    private static int IdentifierOf(ActorSystem system, string name)
    {
        var typeName = system.Settings.Config.GetString($"akka.actor.serializers.{name}", null)
            ?? throw new ConfigurationException($"serializers-by-manifest-prefix names '{name}', which akka.actor.serializers lacks");
        var serializer = Activator.CreateInstance(Type.GetType(typeName, throwOnError: true)!, (ExtendedActorSystem)system);
        return serializer is SerializerWithStringManifest withManifest
            ? withManifest.Identifier
            : throw new ConfigurationException($"serializer '{name}' has no string manifests");
    }
}
