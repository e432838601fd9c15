using AuthActors.Messages;

namespace AuthActors.Node.Users;

/// <summary>
/// What a user's command came to, before anything is stored: an answer that changes nothing, or a decision whose
/// events the shell persists before it replies. Either shell (today's runtime entity or the Akka persistent actor)
/// takes it from there; neither decides anything itself.
/// </summary>
public abstract record UserOutcome
{
    private UserOutcome()
    {
    }

    /// <summary>Nothing to store: reply at once.</summary>
    public sealed record Answered(IUserReply Reply) : UserOutcome;

    /// <summary>
    /// Persist <paramref name="Decision"/>'s events, then reply with <see cref="UserBehavior.Complete"/>; the reply is
    /// built only once the events are durable (an access token never names a lost session).
    /// </summary>
    /// <param name="Decision">The events and the reply the decider chose.</param>
    /// <param name="Then">A last touch to the reply, such as a device token for a device-mode login; null for none.</param>
    public sealed record Decided(Decision Decision, Func<IUserReply, IUserReply>? Then = null) : UserOutcome;
}
