using AuthActors.Runtime.Cluster;
using AuthActors.Runtime.Persistence;
using AuthActors.Runtime.Persistence.Postgres;
using AuthActors.TestKit;
using Npgsql;

namespace AuthActors.Runtime.Tests.Persistence;

/// <summary>The conformance suites on PostgreSQL: a fresh database of the test class's own on the shared test server.</summary>
public sealed class PostgresStorage : IStorageUnderTest
{
    private readonly List<PostgresDatabase> opened = [];
    private readonly List<string> extraDatabases = [];
    private PostgresServer server = null!;

    public string ConnectionString { get; private set; } = "";

    public PostgresDatabase Database { get; private set; } = null!;

    public PostgresStorageOptions Options() => new() { ConnectionString = ConnectionString };

    public async ValueTask InitializeAsync()
    {
        server = await PostgresServer.SharedAsync();
        ConnectionString = await server.CreateDatabaseAsync("conformance");
        Database = await OpenDatabaseAsync();
    }

    public async Task<PostgresDatabase> OpenDatabaseAsync()
    {
        var database = await PostgresDatabase.OpenAsync(Options(), TestContext.Current.CancellationToken);
        lock (opened)
        {
            opened.Add(database);
        }

        return database;
    }

    public JournalUnderTest OpenJournal(Task? writerGate = null) =>
        Wrap(new PostgresJournal(Database, writerGate ?? Task.CompletedTask));

    public async Task<JournalUnderTest> ReopenJournalAsync() => Wrap(new PostgresJournal(await OpenDatabaseAsync()));

    private static JournalUnderTest Wrap(PostgresJournal journal) =>
        new(journal, () => journal.AppendedBatches, () => journal.AppendedEvents);

    public ISnapshotStore OpenSnapshotStore() => new PostgresSnapshotStore(Database);

    public async Task<ISigningKeyStore[]> OpenSigningKeyStoresOnNewDatabaseAsync(int count)
    {
        var connectionString = await server.CreateDatabaseAsync("keys");
        lock (extraDatabases)
        {
            extraDatabases.Add(connectionString);
        }

        var stores = new ISigningKeyStore[count];
        for (var i = 0; i < count; i++)
        {
            var database = await PostgresDatabase.OpenAsync(new PostgresStorageOptions { ConnectionString = connectionString }, TestContext.Current.CancellationToken);
            lock (opened)
            {
                opened.Add(database);
            }

            stores[i] = new PostgresSigningKeyStore(database);
        }

        return stores;
    }

    public async Task<List<long>> StoredSnapshotSequenceNrsAsync(string persistenceId)
    {
        await using var connection = await Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT sequence_nr FROM snapshot_store WHERE persistence_id = @persistence_id ORDER BY sequence_nr;", connection);
        command.Parameters.AddWithValue("persistence_id", persistenceId);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var sequenceNrs = new List<long>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            sequenceNrs.Add(reader.GetInt64(0));
        }

        return sequenceNrs;
    }

    public IMembershipStore OpenMembershipStore() => new PostgresMembershipStore(Database);

    public IShardLeaseStore OpenShardLeaseStore() => new PostgresShardLeaseStore(Database);

    public Task AgeHeartbeatAsync(MemberId member, TimeSpan by) => ExecuteAsync(
        "UPDATE members SET heartbeat_at = heartbeat_at - @by WHERE incarnation = @incarnation;",
        ("by", by), ("incarnation", member.Incarnation));

    public Task ExpireLeaseAsync(string region, int shard) => ExecuteAsync(
        "UPDATE shard_leases SET expires_at = now() - interval '1 second' WHERE region = @region AND shard = @shard;",
        ("region", region), ("shard", shard));

    private async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        (await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken)).ShouldBe(1);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var database in opened)
        {
            await database.DisposeAsync();
        }

        if (server is not null && ConnectionString.Length > 0)
        {
            await server.DropDatabaseAsync(ConnectionString);
            foreach (var extra in extraDatabases)
            {
                await server.DropDatabaseAsync(extra);
            }
        }
    }
}
