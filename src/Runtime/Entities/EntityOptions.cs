using Microsoft.Extensions.Configuration;

namespace AuthActors.Runtime.Entities;

/// <summary>How entities are run: mailbox bound, passivation, ask timeout, snapshots (section <c>entities</c>).</summary>
public sealed class EntityOptions
{
    /// <summary>Messages queued per entity before senders are refused; bounds memory under a flood to one user.</summary>
    [ConfigurationKeyName("mailbox-capacity")]
    public int MailboxCapacity { get; set; } = 1000;

    /// <summary>An entity with no message for this long is passivated: stopped, its memory freed.</summary>
    [ConfigurationKeyName("passivate-after")]
    public TimeSpan PassivateAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Users live in one process at most (single-process mode, on Akka.NET); past it the least recently active one is
    /// passivated. About 5.5 KB each, so the default bounds them near 1.4 GB.
    /// </summary>
    [ConfigurationKeyName("max-live")]
    public int MaxLive { get; set; } = 250_000;

    /// <summary>How long a sender waits for a reply by default.</summary>
    [ConfigurationKeyName("ask-timeout")]
    public TimeSpan AskTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A snapshot is saved every this many events; 0 turns snapshots off.</summary>
    [ConfigurationKeyName("snapshot-every")]
    public int SnapshotEvery { get; set; } = 100;
}
