using AuthActors.Runtime.Persistence;
using AuthActors.Runtime.Persistence.Postgres;
using AuthActors.TestKit;
using static AuthActors.Runtime.Tests.Persistence.JournalTestData;

namespace AuthActors.Runtime.Tests.Persistence;

/// <summary>A PostgreSQL server of this class's own, stopped and started under a running journal.</summary>
public sealed class PostgresOutageTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private PostgresServer server = null!;
    private PostgresDatabase database = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        server = await PostgresServer.StartPrivateAsync();
        var connectionString = await server.CreateDatabaseAsync("outage");
        database = await PostgresDatabase.OpenAsync(new PostgresStorageOptions { ConnectionString = connectionString }, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await database.DisposeAsync();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Lost_server_fails_appends_and_reads_as_unavailable_and_the_journal_resumes_without_losing_events()
    {
        await using var journal = new PostgresJournal(database);
        var snapshots = new PostgresSnapshotStore(database);
        var id = NewPersistenceId();
        await journal.AppendAsync(Events(id, 1, 3), Ct).WaitAsync(Deadline, Ct);

        await server.StopAsync();

        await Should.ThrowAsync<StorageUnavailableException>(journal.AppendAsync(Events(id, 4, 1), Ct).WaitAsync(Deadline, Ct));
        await Should.ThrowAsync<StorageUnavailableException>(journal.ReadHighestSequenceNrAsync(id, Ct).WaitAsync(Deadline, Ct));
        await Should.ThrowAsync<StorageUnavailableException>(ReadAllAsync(journal, id).WaitAsync(Deadline, Ct));
        await Should.ThrowAsync<StorageUnavailableException>(snapshots.LoadLatestAsync(id, Ct).WaitAsync(Deadline, Ct));

        await server.StartAsync();

        await journal.AppendAsync(Events(id, 4, 1), Ct).WaitAsync(Deadline, Ct);
        (await ReadAllAsync(journal, id)).Select(e => e.SequenceNr).ShouldBe([1L, 2L, 3L, 4L]);
        (await snapshots.LoadLatestAsync(id, Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task Opening_while_the_server_is_down_retries_until_it_is_back()
    {
        var connectionString = await server.CreateDatabaseAsync("late");
        await server.StopAsync();
        var opening = PostgresDatabase.OpenAsync(
            new PostgresStorageOptions { ConnectionString = connectionString, ConnectTimeout = Deadline }, Ct);

        await server.StartAsync();

        await using var opened = await opening.WaitAsync(Deadline, Ct);
        await using var journal = new PostgresJournal(opened);
        (await journal.ReadHighestSequenceNrAsync(NewPersistenceId(), Ct)).ShouldBe(0);
    }
}
