using System.Text;
using AuthActors.Runtime.Persistence;
using AuthActors.Runtime.Persistence.Sqlite;
using static AuthActors.Runtime.Tests.Persistence.JournalTestData;

namespace AuthActors.Runtime.Tests.Persistence;

public sealed class SqliteSnapshotStoreTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Latest_of_two_saved_snapshots_is_loaded()
    {
        var store = new SqliteSnapshotStore(fixture.Database);
        var id = NewPersistenceId();
        await store.SaveAsync(Snapshot(id, 10), Ct);
        await store.SaveAsync(Snapshot(id, 20), Ct);

        var latest = await store.LoadLatestAsync(id, Ct);

        latest.ShouldNotBeNull();
        latest.PersistenceId.ShouldBe(id);
        latest.SequenceNr.ShouldBe(20);
        latest.Manifest.ShouldBe("user.state.v1");
        Encoding.UTF8.GetString(latest.Payload.Span).ShouldBe("""{"at":20}""");
        latest.Timestamp.ShouldBe(Timestamp.AddSeconds(20));
    }

    [Fact]
    public async Task Writer_without_snapshots_loads_null()
    {
        var store = new SqliteSnapshotStore(fixture.Database);

        (await store.LoadLatestAsync(NewPersistenceId(), Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task Saving_at_the_same_sequence_nr_replaces_the_snapshot()
    {
        var store = new SqliteSnapshotStore(fixture.Database);
        var id = NewPersistenceId();
        await store.SaveAsync(Snapshot(id, 5), Ct);
        await store.SaveAsync(Snapshot(id, 5) with { Manifest = "user.state.v2" }, Ct);

        (await store.LoadLatestAsync(id, Ct))!.Manifest.ShouldBe("user.state.v2");
    }

    [Fact]
    public async Task Only_the_latest_two_snapshots_of_a_writer_are_kept()
    {
        var store = new SqliteSnapshotStore(fixture.Database);
        var id = NewPersistenceId();
        var other = NewPersistenceId();
        await store.SaveAsync(Snapshot(other, 1), Ct);
        foreach (var sequenceNr in new long[] { 1, 2, 3, 4 })
        {
            await store.SaveAsync(Snapshot(id, sequenceNr), Ct);
        }

        (await StoredSequenceNrsAsync(id)).ShouldBe([3L, 4L]);
        (await StoredSequenceNrsAsync(other)).ShouldBe([1L]);
    }

    private static SnapshotEnvelope Snapshot(string persistenceId, long sequenceNr) =>
        new(persistenceId,
            sequenceNr,
            "user.state.v1",
            Encoding.UTF8.GetBytes($$"""{"at":{{sequenceNr}}}"""),
            Timestamp.AddSeconds(sequenceNr));

    private async Task<List<long>> StoredSequenceNrsAsync(string persistenceId)
    {
        await using var connection = await fixture.Database.OpenConnectionAsync(Ct);
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT sequence_nr FROM snapshot_store WHERE persistence_id = $persistence_id ORDER BY sequence_nr;";
        command.Parameters.AddWithValue("$persistence_id", persistenceId);
        using var reader = await command.ExecuteReaderAsync(Ct);
        var sequenceNrs = new List<long>();
        while (await reader.ReadAsync(Ct))
        {
            sequenceNrs.Add(reader.GetInt64(0));
        }

        return sequenceNrs;
    }
}
