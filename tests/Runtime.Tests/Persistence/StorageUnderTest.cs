using AuthActors.Runtime.Cluster;
using AuthActors.Runtime.Persistence;

namespace AuthActors.Runtime.Tests.Persistence;

/// <summary>
/// One storage backend as the conformance suites see it: a database of the test class's own, journals and snapshot
/// stores on it, and the few things only the backend can tell (its counters, the rows it kept).
/// </summary>
public interface IStorageUnderTest : IAsyncLifetime
{
    /// <summary>A journal on the class's database; its writer waits for <paramref name="writerGate"/> when given.</summary>
    JournalUnderTest OpenJournal(Task? writerGate = null);

    /// <summary>A journal on a freshly opened instance of the same database, as after a restart.</summary>
    Task<JournalUnderTest> ReopenJournalAsync();

    /// <summary>A snapshot store on the class's database.</summary>
    ISnapshotStore OpenSnapshotStore();

    /// <summary>
    /// <paramref name="count"/> signing-key stores on one new database of their own (the key table is shared by
    /// everyone on a database, so each test needs its own), as separate nodes would open it.
    /// </summary>
    Task<ISigningKeyStore[]> OpenSigningKeyStoresOnNewDatabaseAsync(int count);

    /// <summary>The sequence numbers of the snapshots stored for a writer, ascending.</summary>
    Task<List<long>> StoredSnapshotSequenceNrsAsync(string persistenceId);

    /// <summary>A membership store on the class's database.</summary>
    IMembershipStore OpenMembershipStore();

    /// <summary>A shard-lease store on the class's database.</summary>
    IShardLeaseStore OpenShardLeaseStore();

    /// <summary>Moves the member's heartbeat <paramref name="by"/> into the past, as if it had stopped beating that long ago.</summary>
    Task AgeHeartbeatAsync(MemberId member, TimeSpan by);

    /// <summary>Sets the lease's expiry one second before the database's now, as if its owner had stopped renewing.</summary>
    Task ExpireLeaseAsync(string region, int shard);
}
