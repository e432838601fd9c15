using AuthActors.Runtime.Cluster;
using AuthActors.Runtime.Persistence;
using AuthActors.Runtime.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace AuthActors.Runtime.Tests.Persistence;

/// <summary>The conformance suites on SQLite: a database file in a temporary directory of the test class's own.</summary>
public class SqliteStorage : IStorageUnderTest
{
    private readonly SqliteFixture fixture = new();

    protected SqliteDatabase Database => fixture.Database;

    public ValueTask InitializeAsync() => fixture.InitializeAsync();

    public JournalUnderTest OpenJournal(Task? writerGate = null) =>
        Wrap(new SqliteJournal(fixture.Database, writerGate ?? Task.CompletedTask));

    public async Task<JournalUnderTest> ReopenJournalAsync() =>
        Wrap(new SqliteJournal(await SqliteDatabase.OpenAsync(fixture.Options(), TestContext.Current.CancellationToken)));

    private static JournalUnderTest Wrap(SqliteJournal journal) =>
        new(journal, () => journal.AppendedBatches, () => journal.AppendedEvents);

    public virtual ISnapshotStore OpenSnapshotStore() => new SqliteSnapshotStore(fixture.Database);

    public async Task<ISigningKeyStore[]> OpenSigningKeyStoresOnNewDatabaseAsync(int count)
    {
        var file = $"keys-{Guid.NewGuid():N}.db";
        var stores = new ISigningKeyStore[count];
        for (var i = 0; i < count; i++)
        {
            stores[i] = new SqliteSigningKeyStore(await SqliteDatabase.OpenAsync(fixture.Options(file), TestContext.Current.CancellationToken));
        }

        return stores;
    }

    public async Task<List<long>> StoredSnapshotSequenceNrsAsync(string persistenceId)
    {
        await using var connection = await fixture.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT sequence_nr FROM snapshot_store WHERE persistence_id = $persistence_id ORDER BY sequence_nr;";
        command.Parameters.AddWithValue("$persistence_id", persistenceId);
        using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var sequenceNrs = new List<long>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            sequenceNrs.Add(reader.GetInt64(0));
        }

        return sequenceNrs;
    }

    public IMembershipStore OpenMembershipStore() => new SqliteMembershipStore(fixture.Database);

    public IShardLeaseStore OpenShardLeaseStore() => new SqliteShardLeaseStore(fixture.Database);

    public Task AgeHeartbeatAsync(MemberId member, TimeSpan by) => ExecuteAsync(
        "UPDATE members SET heartbeat_at = heartbeat_at - $by WHERE incarnation = $incarnation;",
        ("$by", (long)by.TotalMilliseconds), ("$incarnation", member.Incarnation));

    public Task ExpireLeaseAsync(string region, int shard) => ExecuteAsync(
        $"UPDATE shard_leases SET expires_at = {SqliteClock.NowMs} - 1000 WHERE region = $region AND shard = $shard;",
        ("$region", region), ("$shard", shard));

    private async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await fixture.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        (await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken)).ShouldBe(1);
    }

    public virtual ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        return fixture.DisposeAsync();
    }
}

/// <summary>SQLite with the snapshot store a node has: its saves go through one journal's writer.</summary>
public sealed class SqliteStorageThroughJournalWriter : SqliteStorage
{
    private SqliteJournal? journal;

    public override ISnapshotStore OpenSnapshotStore() => new SqliteSnapshotStore(Database, journal ??= new SqliteJournal(Database));

    public override async ValueTask DisposeAsync()
    {
        if (journal is not null)
        {
            await journal.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}
