using System.Diagnostics;
using AuthActors.Bench.Journal;
using AuthActors.Runtime.Persistence.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace AuthActors.Bench.Storage;

/// <summary>
/// What PostgreSQL itself does with the journal's table, the counterpart of <see cref="PlainInsertBaseline"/>: a loop
/// of transactions, each one batch of prepared single-row INSERTs sent in one round trip (<see cref="NpgsqlBatch"/>)
/// and committed, no queue, no fences, no tasks. The journal's batched figure is judged against it.
/// </summary>
internal static class PostgresPlainInsertBaseline
{
    private const string Insert = """
        INSERT INTO event_journal (persistence_id, sequence_nr, manifest, payload, timestamp, tags)
        VALUES ($1, $2, $3, $4, $5, '');
        """;

    /// <summary>Rows committed in the measuring window, to the users <paramref name="keys"/> gives in turn.</summary>
    public static async Task<long> MeasureAsync(PostgresDatabase database, Timing timing, int rowsPerTransaction, PlainInsertKeys keys)
    {
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        await using var batch = new NpgsqlBatch(connection);
        var persistenceIds = new NpgsqlParameter<string>[rowsPerTransaction];
        var sequenceNrs = new NpgsqlParameter<long>[rowsPerTransaction];
        var timestamps = new NpgsqlParameter<DateTime>[rowsPerTransaction];
        for (var row = 0; row < rowsPerTransaction; row++)
        {
            var command = new NpgsqlBatchCommand(Insert);
            command.Parameters.Add(persistenceIds[row] = new NpgsqlParameter<string>());
            command.Parameters.Add(sequenceNrs[row] = new NpgsqlParameter<long>());
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = BenchEvents.Manifest });
            command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = BenchEvents.Payload, NpgsqlDbType = NpgsqlDbType.Bytea });
            command.Parameters.Add(timestamps[row] = new NpgsqlParameter<DateTime> { NpgsqlDbType = NpgsqlDbType.TimestampTz });
            batch.BatchCommands.Add(command);
        }

        await batch.PrepareAsync();
        var window = new MeasuringWindow(Stopwatch.StartNew(), timing);
        var stored = 0L;
        while (!window.IsOver)
        {
            await using var scope = await connection.BeginTransactionAsync();
            batch.Transaction = scope;
            var now = DateTime.UtcNow;
            for (var row = 0; row < rowsPerTransaction; row++)
            {
                (persistenceIds[row].TypedValue, sequenceNrs[row].TypedValue) = keys.Next();
                timestamps[row].TypedValue = now;
            }

            await batch.ExecuteNonQueryAsync();
            await scope.CommitAsync();
            stored += window.IsMeasuring ? rowsPerTransaction : 0;
        }

        return stored;
    }
}
