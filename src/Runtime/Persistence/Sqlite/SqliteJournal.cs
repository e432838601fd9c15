using System.Runtime.CompilerServices;
using AuthActors.Runtime.Cluster;
using Microsoft.Data.Sqlite;

namespace AuthActors.Runtime.Persistence.Sqlite;

/// <summary>
/// The journal on SQLite. Appends from all writers queue for one writer loop that commits whatever has
/// queued in one transaction (group commit), so a durable fsync is paid per batch, not per event.
/// Reads use their own pooled connections and run beside the writer (WAL).
/// </summary>
public sealed class SqliteJournal : IJournal, IEventLog, IAsyncDisposable
{
    private readonly SqliteDatabase database;
    private readonly JournalWriter writer;
    private readonly AppendQueue queue;
    private readonly WalCheckpointer checkpointer;
    private int released;

    /// <summary>Starts the writer loop on <paramref name="database"/>; dispose to flush and stop it.</summary>
    public SqliteJournal(SqliteDatabase database)
        : this(database, Task.CompletedTask)
    {
    }

    /// <summary>For tests: the writer loop takes nothing from the queue until <paramref name="writerGate"/> completes.</summary>
    internal SqliteJournal(SqliteDatabase database, Task writerGate)
    {
        ArgumentNullException.ThrowIfNull(database);
        this.database = database;
        writer = new JournalWriter(database);

        // Microsoft.Data.Sqlite's calls are synchronous underneath: the batch is written on the queue's own thread.
        queue = new AppendQueue(
            database.Options.MaxQueuedAppends,
            database.Options.MaxBatchSize,
            writer.Write,
            writerGate,
            nameof(SqliteJournal));
        checkpointer = new WalCheckpointer(database, database.Options.CheckpointInterval, () => writer.CommittedBatches);
    }

    /// <summary>Transactions committed so far; with <see cref="AppendedEvents"/> it tells events per transaction.</summary>
    public long AppendedBatches => writer.CommittedBatches;

    /// <summary>Events committed so far.</summary>
    public long AppendedEvents => writer.CommittedEvents;

    /// <summary>Checkpoints the background checkpointer has run (tests).</summary>
    internal long Checkpoints => checkpointer.Checkpoints;

    /// <inheritdoc />
    public Task AppendAsync(IReadOnlyList<EventEnvelope> events, CancellationToken cancellationToken) =>
        AppendAsync(events, fence: null, cancellationToken);

    /// <inheritdoc />
    public Task AppendAsync(IReadOnlyList<EventEnvelope> events, JournalFence? fence, CancellationToken cancellationToken) =>
        queue.AppendAsync(events, fence, cancellationToken);

    /// <summary>Saves a snapshot in the writer's next batch (see <see cref="SqliteSnapshotStore"/>); completes once durable.</summary>
    internal Task SaveSnapshotAsync(SnapshotEnvelope snapshot, CancellationToken cancellationToken) =>
        queue.SaveSnapshotAsync(snapshot, cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<EventEnvelope> ReadEventsAsync(
        string persistenceId,
        long fromSequenceNr,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT ordering, sequence_nr, manifest, payload, timestamp, tags
                FROM event_journal
                WHERE persistence_id = $persistence_id AND sequence_nr >= $from_sequence_nr
                ORDER BY sequence_nr;
                """;
            command.Parameters.Add("$persistence_id", SqliteType.Text).Value = persistenceId;
            command.Parameters.Add("$from_sequence_nr", SqliteType.Integer).Value = fromSequenceNr;
            var reader = await command.ExecuteReaderAsync(cancellationToken);
            await using (reader)
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    yield return new EventEnvelope(
                        persistenceId,
                        reader.GetInt64(1),
                        reader.GetString(2),
                        reader.GetFieldValue<byte[]>(3),
                        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                        JournalTags.Split(reader.GetString(5)),
                        reader.GetInt64(0));
                }
            }
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<EventEnvelope> ReadAllAsync(
        long afterOrdering,
        int limit,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (connection)
        {
            using var command = connection.CreateCommand();

            // One writer commits in ordering order, so a reader never sees a later ordering before an earlier one.
            command.CommandText = """
                SELECT ordering, persistence_id, sequence_nr, manifest, payload, timestamp, tags
                FROM event_journal
                WHERE ordering > $after
                ORDER BY ordering
                LIMIT $limit;
                """;
            command.Parameters.Add("$after", SqliteType.Integer).Value = afterOrdering;
            command.Parameters.Add("$limit", SqliteType.Integer).Value = limit;
            var reader = await command.ExecuteReaderAsync(cancellationToken);
            await using (reader)
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    yield return new EventEnvelope(
                        reader.GetString(1),
                        reader.GetInt64(2),
                        reader.GetString(3),
                        reader.GetFieldValue<byte[]>(4),
                        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                        JournalTags.Split(reader.GetString(6)),
                        reader.GetInt64(0));
                }
            }
        }
    }

    /// <inheritdoc />
    public async Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT MAX(
                    (SELECT COALESCE(MAX(sequence_nr), 0) FROM event_journal WHERE persistence_id = $persistence_id),
                    (SELECT COALESCE(MAX(deleted_to), 0) FROM journal_metadata WHERE persistence_id = $persistence_id));
                """;
            command.Parameters.Add("$persistence_id", SqliteType.Text).Value = persistenceId;
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
    }

    /// <inheritdoc />
    public async Task DeleteEventsToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (connection)
        {
            // BEGIN IMMEDIATE: the highest number read is the one the deletion is measured against.
            using var transaction = connection.BeginTransaction(deferred: false);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO journal_metadata (persistence_id, deleted_to)
                SELECT $persistence_id, MAX(sequence_nr) FROM event_journal
                WHERE persistence_id = $persistence_id AND sequence_nr <= $to HAVING COUNT(*) > 0
                ON CONFLICT (persistence_id) DO UPDATE SET deleted_to = MAX(deleted_to, excluded.deleted_to);
                DELETE FROM event_journal WHERE persistence_id = $persistence_id AND sequence_nr <= $to;
                """;
            command.Parameters.Add("$persistence_id", SqliteType.Text).Value = persistenceId;
            command.Parameters.Add("$to", SqliteType.Integer).Value = toSequenceNr;
            await command.ExecuteNonQueryAsync(cancellationToken);
            transaction.Commit();
        }
    }

    /// <summary>
    /// Refuses new appends, waits until everything already queued is committed (graceful shutdown relies on
    /// this flush), then closes the writer's connection.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await queue.CloseAsync();
        }
        finally
        {
            // Every caller waited for the writer loop to end (or fail), so its connection is free; released once.
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                await checkpointer.DisposeAsync();
                writer.Dispose();
            }
        }
    }
}
