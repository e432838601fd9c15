using System.Diagnostics;
using AuthActors.Runtime.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace AuthActors.Bench.Journal;

/// <summary>
/// What SQLite itself does on this disk with the same schema and pragmas: a plain loop of prepared INSERTs,
/// a fixed number of rows per transaction, no queue, no savepoints, no tasks. The journal's batched figure is
/// judged against it.
/// </summary>
internal static class PlainInsertBaseline
{
    /// <summary>Rows committed in the measuring window, to the users <paramref name="keys"/> gives in turn.</summary>
    public static async Task<long> MeasureAsync(SqliteDatabase database, Timing timing, int rowsPerTransaction, PlainInsertKeys keys)
    {
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        using var begin = Prepare(connection, "BEGIN IMMEDIATE;");
        using var commit = Prepare(connection, "COMMIT;");
        using var insert = Prepare(connection, """
            INSERT INTO event_journal (persistence_id, sequence_nr, manifest, payload, timestamp, tags)
            VALUES ($persistence_id, $sequence_nr, $manifest, $payload, $timestamp, '');
            """);
        var persistenceId = insert.Parameters.Add("$persistence_id", SqliteType.Text);
        var sequenceNr = insert.Parameters.Add("$sequence_nr", SqliteType.Integer);
        insert.Parameters.Add("$manifest", SqliteType.Text).Value = BenchEvents.Manifest;
        insert.Parameters.Add("$payload", SqliteType.Blob).Value = BenchEvents.Payload;
        var timestamp = insert.Parameters.Add("$timestamp", SqliteType.Integer);

        var window = new MeasuringWindow(Stopwatch.StartNew(), timing);
        var stored = 0L;
        while (!window.IsOver)
        {
            begin.ExecuteNonQuery();
            for (var row = 0; row < rowsPerTransaction; row++)
            {
                (persistenceId.Value, sequenceNr.Value) = keys.Next();
                timestamp.Value = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                insert.ExecuteNonQuery();
            }

            commit.ExecuteNonQuery();
            stored += window.IsMeasuring ? rowsPerTransaction : 0;
        }

        return stored;
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Prepare();
        return command;
    }
}
