namespace AuthActors.Runtime.Persistence;

/// <summary>
/// Turns events and snapshot states into versioned bytes and back. The manifest names the type and its version,
/// so an implementation can upcast old versions on read.
/// </summary>
public interface IPersistenceSerializer
{
    /// <summary>The manifest and UTF-8 JSON payload of an event or state.</summary>
    (string Manifest, byte[] Payload) Serialize(object value);

    /// <summary>Reads a payload written under <paramref name="manifest"/>, upcasting older versions.</summary>
    /// <exception cref="UnknownManifestException">No type is registered for the manifest.</exception>
    object Deserialize(string manifest, ReadOnlyMemory<byte> payload);
}

/// <summary>A stored event or snapshot names a type this build does not know.</summary>
public sealed class UnknownManifestException(string manifest)
    : Exception($"no type is registered for manifest '{manifest}'")
{
    /// <summary>The unknown manifest.</summary>
    public string Manifest { get; } = manifest;
}
