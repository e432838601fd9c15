namespace AuthActors.Messages;

/// <summary>
/// A message for a gateway process rather than a user: writing to the online sessions it holds. Sessions live on the
/// gateway the client is connected to, so a line for a session held elsewhere travels to that gateway.
/// </summary>
public interface IGatewayMessage;

/// <summary>A private chat request to remember on the recipient's session, so their <c>accept</c> can find it.</summary>
public sealed record PrivateChatRequest(string From, string Endpoint);

/// <summary>
/// Writes one line to one session on the receiving gateway; with a <paramref name="Request"/>, first remembers that
/// private chat request on the session.
/// </summary>
public sealed record WriteToSession(string ConnectionId, string Line, PrivateChatRequest? Request = null) : IGatewayMessage;

/// <summary>Whether the line was written (false: no such session there any more, or the client did not take it in time).</summary>
public sealed record SessionWritten(bool Written) : IGatewayMessage;

/// <summary>
/// Tells every session on the receiving gateway a presence line about <paramref name="AboutUser"/>, except the user's
/// own sessions and the users in <paramref name="HiddenFrom"/> (whom the user blocks).
/// </summary>
public sealed record AnnouncePresence(string AboutUser, string Line, IReadOnlyList<string> HiddenFrom) : IGatewayMessage;

/// <summary>How many sessions the receiving gateway told.</summary>
public sealed record PresenceAnnounced(int Told) : IGatewayMessage;
