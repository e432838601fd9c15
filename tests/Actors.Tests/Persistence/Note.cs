using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;

namespace AuthActors.Actors.Tests.Persistence;

/// <summary>The event and snapshot the conformance suite stores.</summary>
public sealed record Note(string Text);

/// <summary>Writes <see cref="Note"/> as JSON under <c>test.note.v1</c>, as the product's serializers write theirs.</summary>
public sealed class NoteSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const string ManifestName = "test.note.v1";

    public override int Identifier => 4299;

    public override string Manifest(object o) => o is Note ? ManifestName : throw new ArgumentException("not a note", nameof(o));

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(((Note)obj).Text);

    public override object FromBinary(byte[] bytes, string manifest) =>
        manifest == ManifestName
            ? new Note(JsonSerializer.Deserialize<string>(bytes) ?? throw new JsonException("null note"))
            : throw new System.Runtime.Serialization.SerializationException($"unknown manifest {manifest}");
}
