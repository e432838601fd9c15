using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using AuthActors.Runtime.Cluster;

namespace AuthActors.Runtime.Persistence.Plugin;

/// <summary>
/// Hands the host's storage to the fenced journal and snapshot store plugins. Akka creates plugins from HOCON by
/// reflection, but the journal's database (and on SQLite its one writer thread) is shared with the rest of the
/// process, so the host opens it once and passes it in with the ActorSystem's setup, as Akka.Remote takes its TLS
/// settings from <c>DotNettySslSetup</c>.
/// </summary>
/// <param name="Journal">The journal the plugin appends to and replays from.</param>
/// <param name="Snapshots">The snapshot store.</param>
/// <param name="Clock">Stamps events and snapshots as they are stored.</param>
/// <param name="FenceOf">
/// The lease an append of this persistence id must still hold, checked in the transaction that stores it; null (or a
/// function returning null) appends unfenced, as a single process does.
/// </param>
public sealed class PersistenceStorageSetup(
    IJournal Journal,
    ISnapshotStore Snapshots,
    TimeProvider Clock,
    Func<string, JournalFence?>? FenceOf = null) : Setup
{
    /// <summary>The journal the plugin appends to and replays from.</summary>
    public IJournal Journal { get; } = Journal ?? throw new ArgumentNullException(nameof(Journal));

    /// <summary>The snapshot store.</summary>
    public ISnapshotStore Snapshots { get; } = Snapshots ?? throw new ArgumentNullException(nameof(Snapshots));

    /// <summary>Stamps events and snapshots as they are stored.</summary>
    public TimeProvider Clock { get; } = Clock ?? throw new ArgumentNullException(nameof(Clock));

    /// <summary>The lease an append must still hold, or null for none.</summary>
    public Func<string, JournalFence?> FenceOf { get; } = FenceOf ?? (_ => null);

    /// <summary>The setup <paramref name="system"/> was created with, for the plugin <paramref name="plugin"/>.</summary>
    /// <exception cref="ConfigurationException">The system has none: the plugin cannot run.</exception>
    internal static PersistenceStorageSetup Of(ActorSystem system, string plugin) =>
        system.Settings.Setup.Get<PersistenceStorageSetup>().Value
        ?? throw new ConfigurationException($"{plugin} needs a {nameof(PersistenceStorageSetup)} in the ActorSystem's setup");
}
