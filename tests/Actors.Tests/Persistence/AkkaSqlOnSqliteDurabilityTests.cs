using Akka.Actor;
using Akka.Persistence;
using Microsoft.Data.Sqlite;

namespace AuthActors.Actors.Tests.Persistence;

/// <summary>
/// Akka.Persistence.Sql on SQLite runs with the durability the product promises: the file in WAL mode and every
/// connection at synchronous = FULL (SQLite's default, which the plugin does not change).
/// </summary>
public sealed class AkkaSqlOnSqliteDurabilityTests(AkkaSqlPluginOnSqlite plugin)
    : Akka.TestKit.Xunit2.TestKit(plugin.Setup()), IClassFixture<AkkaSqlPluginOnSqlite>
{
    [Fact]
    public async Task The_journal_file_is_in_wal_mode_with_full_synchronous_commits()
    {
        var id = $"test|{Guid.NewGuid():N}";
        Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null).Tell(
            new WriteMessages([new AtomicWrite(new Persistent(new Note("durable"), 1, id, writerGuid: "w"))], TestActor, 1));
        ExpectMsg<WriteMessagesSuccessful>(TimeSpan.FromSeconds(15));

        await using var connection = new SqliteConnection($"Data Source={plugin.DatabasePath}");
        await connection.OpenAsync();
        (await ScalarAsync(connection, "PRAGMA journal_mode;")).ShouldBe("wal");
        (await ScalarAsync(connection, "PRAGMA synchronous;")).ShouldBe("2");
    }

    private static async Task<string> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }
}
