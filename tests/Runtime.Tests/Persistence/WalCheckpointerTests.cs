using AuthActors.Runtime.Persistence.Sqlite;
using AuthActors.TestKit;
using static AuthActors.Runtime.Tests.Persistence.JournalTestData;

namespace AuthActors.Runtime.Tests.Persistence;

public sealed class WalCheckpointerTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Committed_appends_are_copied_into_the_database_file_beside_the_writer()
    {
        // Its own file: the database file grows only when a checkpoint copies pages into it, and SQLite's own
        // auto-checkpoint would not run before a 64 MiB log, so growth here is the background checkpointer's work.
        var options = fixture.Options("checkpointed.db");
        options.CheckpointInterval = TimeSpan.FromMilliseconds(20);
        var database = await SqliteDatabase.OpenAsync(options, Ct);
        var sizeBefore = new FileInfo(database.Options.DatabasePath).Length;
        await using var journal = new SqliteJournal(database);

        await Task.WhenAll(Enumerable.Range(0, 500).Select(_ => journal.AppendAsync([Event(NewPersistenceId(), 1)], Ct)));

        await Eventually.ConditionAsync(
            () => new FileInfo(database.Options.DatabasePath).Length > sizeBefore && journal.Checkpoints > 0,
            "the database file grew by a background checkpoint",
            Deadline);
    }
}
