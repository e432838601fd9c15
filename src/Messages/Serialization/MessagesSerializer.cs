using Akka.Actor;

namespace AuthActors.Messages.Serialization;

/// <summary>
/// Every command, reply and gateway message between processes, under the manifests of <see cref="MessagesWire"/>.
/// Bound in hocon/shared.conf to <see cref="IUserCommand"/>, <see cref="IUserReply"/> and <see cref="IGatewayMessage"/>.
/// </summary>
public sealed class MessagesSerializer(ExtendedActorSystem system) : ManifestJsonSerializer(system, MessagesWire.Types)
{
    /// <summary>This serializer's identifier: above Akka's reserved range, and never to change.</summary>
    public const int Id = 4224;

    /// <inheritdoc />
    public override int Identifier => Id;
}
