using Akka.Actor;
using AuthActors.Messages.Serialization;

namespace AuthActors.Node.Users;

/// <summary>
/// The user's events and snapshot state under the manifests of <see cref="UserPersistenceSerializer"/>, older
/// snapshot versions upcast on read. Bound in hocon/shared.conf to <see cref="UserEvent"/> and <see cref="UserState"/>.
/// </summary>
public sealed class UserEventSerializer(ExtendedActorSystem system)
    : ManifestJsonSerializer(system, UserPersistenceSerializer.Types, UserPersistenceSerializer.Upcasters)
{
    /// <summary>This serializer's identifier: above Akka's reserved range, and never to change.</summary>
    public const int Id = 4225;

    /// <inheritdoc />
    public override int Identifier => Id;
}
