namespace AuthActors.Runtime.Persistence.Plugin;

/// <summary>
/// What the fenced journal replays in place of a stored event this build cannot read (a manifest from a newer
/// release, or a payload that no longer fits its type). Recovery goes on instead of failing, so the actor can say
/// clearly that it cannot serve, at once, instead of failing its recovery for every message and leaving callers to
/// time out; an actor must not decide anything on a history it could not read.
/// </summary>
/// <param name="Manifest">The stored manifest.</param>
/// <param name="SequenceNr">Where in the writer's history it stands.</param>
/// <param name="Reason">Why it did not read.</param>
public sealed record UnreadableEvent(string Manifest, long SequenceNr, string Reason);
