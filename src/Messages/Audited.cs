using System.Text.Json.Serialization;

namespace AuthActors.Messages;

/// <summary>
/// Where a request came from, for the audit trail: the client's address (null when the edge has none) and the member
/// id of the gateway that took it.
/// </summary>
public sealed record RequestOrigin(string? Address, string Gateway);

/// <summary>
/// A command that changes a user, with the origin of the request behind it: the gateway wraps every such command it
/// sends, and the user stamps the origin on the events the command causes. Read-only commands travel bare.
/// </summary>
[JsonConverter(typeof(AuditedJsonConverter))]
public sealed record Audited(IUserCommand Command, RequestOrigin Origin) : IUserCommand
{
    /// <inheritdoc />
    public string UserId => Command.UserId;
}
