using AuthActors.Runtime.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace AuthActors.Runtime.Tests.Persistence;

public sealed class SqliteDatabaseTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Connections_use_wal_and_synchronous_full()
    {
        await using var connection = await fixture.Database.OpenConnectionAsync(Ct);

        (await ScalarAsync(connection, "PRAGMA journal_mode;")).ShouldBe("wal");
        (await ScalarAsync(connection, "PRAGMA synchronous;")).ShouldBe(2L);
        (await ScalarAsync(connection, "PRAGMA foreign_keys;")).ShouldBe(1L);
        (await ScalarAsync(connection, "PRAGMA busy_timeout;")).ShouldBe(5000L);
    }

    [Fact]
    public async Task Opening_the_database_again_leaves_the_schema_at_the_latest_version()
    {
        var again = await SqliteDatabase.OpenAsync(fixture.Options(), Ct);

        await ShouldBeAtLatestVersionAsync(again);
    }

    [Fact]
    public async Task Instances_opening_a_new_database_at_once_migrate_it_once()
    {
        var options = fixture.Options($"concurrent-{Guid.NewGuid():N}.db");

        var opened = await Task.WhenAll(
                Enumerable.Range(0, 4).Select(_ => Task.Run(() => SqliteDatabase.OpenAsync(options, Ct), Ct)))
            .WaitAsync(Deadline, Ct);

        foreach (var database in opened)
        {
            await ShouldBeAtLatestVersionAsync(database);
        }
    }

    [Fact]
    public async Task Missing_directory_of_the_database_file_is_created()
    {
        var options = fixture.Options(Path.Combine("nested", "deeper", "journal.db"));

        var database = await SqliteDatabase.OpenAsync(options, Ct);

        File.Exists(database.Options.DatabasePath).ShouldBeTrue();
        Path.IsPathFullyQualified(database.Options.DatabasePath).ShouldBeTrue();
    }

    [Fact]
    public async Task Options_out_of_range_are_refused()
    {
        await Should.ThrowAsync<ArgumentException>(
            SqliteDatabase.OpenAsync(new SqliteStorageOptions { DatabasePath = " " }, Ct));
        await Should.ThrowAsync<ArgumentOutOfRangeException>(SqliteDatabase.OpenAsync(WithBatchSize(0), Ct));
        var noCheckpoints = fixture.Options();
        noCheckpoints.CheckpointInterval = TimeSpan.Zero;
        await Should.ThrowAsync<ArgumentOutOfRangeException>(SqliteDatabase.OpenAsync(noCheckpoints, Ct));
    }

    private SqliteStorageOptions WithBatchSize(int maxBatchSize)
    {
        var options = fixture.Options();
        options.MaxBatchSize = maxBatchSize;
        return options;
    }

    private static async Task ShouldBeAtLatestVersionAsync(SqliteDatabase database)
    {
        await using var connection = await database.OpenConnectionAsync(Ct);
        // One row per step: version 1 (journal, snapshots), version 2 (signing keys), version 3 (members, shard leases),
        // version 4 (the highest deleted sequence number per writer).
        (await ScalarAsync(connection, "SELECT COUNT(*) FROM schema_version;")).ShouldBe(4L);
        (await ScalarAsync(connection, "SELECT MAX(version) FROM schema_version;")).ShouldBe(4L);
        (await ScalarAsync(
                connection,
                "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('event_journal', 'snapshot_store', 'signing_keys', 'members', 'shard_leases');"))
            .ShouldBe(5L);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(Ct);
    }
}
