using System.Runtime.CompilerServices;
using AuthActors.Runtime.Cluster;
using Npgsql;
using NpgsqlTypes;

namespace AuthActors.Runtime.Persistence.Postgres;

/// <summary>
/// The journal on PostgreSQL. As on SQLite, appends from all writers queue for one writer loop that commits
/// whatever has queued in one transaction (group commit), so a durable commit is paid per batch, not per event.
/// Reads use pooled connections and run beside the writer.
/// </summary>
public sealed class PostgresJournal : IJournal, IEventLog, IAsyncDisposable
{
    private readonly PostgresDatabase database;
    private readonly PostgresJournalWriter writer;
    private readonly AppendQueue queue;

    /// <summary>Starts the writer loop on <paramref name="database"/>; dispose to flush and stop it.</summary>
    public PostgresJournal(PostgresDatabase database)
        : this(database, Task.CompletedTask)
    {
    }

    /// <summary>
    /// For tests and the benchmark: the writer takes nothing from the queue until <paramref name="writerGate"/>
    /// completes, and <paramref name="savepointPerAppend"/> skips the one-statement fast path.
    /// </summary>
    internal PostgresJournal(PostgresDatabase database, Task writerGate, bool savepointPerAppend = false)
    {
        ArgumentNullException.ThrowIfNull(database);
        this.database = database;
        writer = new PostgresJournalWriter(database, savepointPerAppend);
        queue = new AppendQueue(
            database.Options.MaxQueuedAppends, database.Options.MaxBatchSize, writer.WriteAsync, writerGate, nameof(PostgresJournal));
    }

    /// <summary>Transactions committed so far; with <see cref="AppendedEvents"/> it tells events per transaction.</summary>
    public long AppendedBatches => writer.CommittedBatches;

    /// <summary>Events committed so far.</summary>
    public long AppendedEvents => writer.CommittedEvents;

    /// <inheritdoc />
    public Task AppendAsync(IReadOnlyList<EventEnvelope> events, CancellationToken cancellationToken) =>
        AppendAsync(events, fence: null, cancellationToken);

    /// <inheritdoc />
    public Task AppendAsync(IReadOnlyList<EventEnvelope> events, JournalFence? fence, CancellationToken cancellationToken) =>
        queue.AppendAsync(events, fence, cancellationToken);

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
            await using var command = new NpgsqlCommand(
                """
                SELECT ordering, sequence_nr, manifest, payload, timestamp, tags
                FROM event_journal
                WHERE persistence_id = @persistence_id AND sequence_nr >= @from_sequence_nr
                ORDER BY sequence_nr;
                """,
                connection);
            command.Parameters.Add(new NpgsqlParameter<string>("persistence_id", NpgsqlDbType.Text) { TypedValue = persistenceId });
            command.Parameters.Add(new NpgsqlParameter<long>("from_sequence_nr", NpgsqlDbType.Bigint) { TypedValue = fromSequenceNr });
            var reader = await Guard(() => command.ExecuteReaderAsync(cancellationToken));
            await using (reader)
            {
                while (await Guard(() => reader.ReadAsync(cancellationToken)))
                {
                    yield return new EventEnvelope(
                        persistenceId,
                        reader.GetInt64(1),
                        reader.GetString(2),
                        reader.GetFieldValue<byte[]>(3),
                        PostgresTimestamps.FromStored(reader.GetDateTime(4)),
                        JournalTags.Split(reader.GetString(5)),
                        reader.GetInt64(0));
                }
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// One writer per process commits batches in ordering order, so one process never leaves a gap behind a later
    /// ordering. Several processes writing one database can: a projection over that needs the cluster's care.
    /// </remarks>
    public async IAsyncEnumerable<EventEnvelope> ReadAllAsync(
        long afterOrdering,
        int limit,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (connection)
        {
            await using var command = new NpgsqlCommand(
                """
                SELECT ordering, persistence_id, sequence_nr, manifest, payload, timestamp, tags
                FROM event_journal
                WHERE ordering > @after
                ORDER BY ordering
                LIMIT @limit;
                """,
                connection);
            command.Parameters.Add(new NpgsqlParameter<long>("after", NpgsqlDbType.Bigint) { TypedValue = afterOrdering });
            command.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = limit });
            var reader = await Guard(() => command.ExecuteReaderAsync(cancellationToken));
            await using (reader)
            {
                while (await Guard(() => reader.ReadAsync(cancellationToken)))
                {
                    yield return new EventEnvelope(
                        reader.GetString(1),
                        reader.GetInt64(2),
                        reader.GetString(3),
                        reader.GetFieldValue<byte[]>(4),
                        PostgresTimestamps.FromStored(reader.GetDateTime(5)),
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
            await using var command = new NpgsqlCommand(
                """
                SELECT GREATEST(
                    (SELECT COALESCE(MAX(sequence_nr), 0) FROM event_journal WHERE persistence_id = @persistence_id),
                    (SELECT COALESCE(MAX(deleted_to), 0) FROM journal_metadata WHERE persistence_id = @persistence_id));
                """,
                connection);
            command.Parameters.Add(new NpgsqlParameter<string>("persistence_id", NpgsqlDbType.Text) { TypedValue = persistenceId });
            return (long)(await Guard(() => command.ExecuteScalarAsync(cancellationToken)))!;
        }
    }

    /// <inheritdoc />
    public async Task DeleteEventsToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (connection)
        {
            // One statement, so one transaction: the highest deleted number is remembered with the deletion.
            await using var command = new NpgsqlCommand(
                """
                WITH deleted AS (
                    DELETE FROM event_journal
                    WHERE persistence_id = @persistence_id AND sequence_nr <= @to
                    RETURNING sequence_nr)
                INSERT INTO journal_metadata (persistence_id, deleted_to)
                SELECT @persistence_id, MAX(sequence_nr) FROM deleted HAVING COUNT(*) > 0
                ON CONFLICT (persistence_id)
                    DO UPDATE SET deleted_to = GREATEST(journal_metadata.deleted_to, excluded.deleted_to);
                """,
                connection);
            command.Parameters.Add(new NpgsqlParameter<string>("persistence_id", NpgsqlDbType.Text) { TypedValue = persistenceId });
            command.Parameters.Add(new NpgsqlParameter<long>("to", NpgsqlDbType.Bigint) { TypedValue = toSequenceNr });
            await Guard(() => command.ExecuteNonQueryAsync(cancellationToken));
        }
    }

    /// <summary>
    /// Refuses new appends, waits until everything already queued is written (graceful shutdown relies on this
    /// flush), then closes the writer's connection.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (await queue.CloseAsync())
        {
            await writer.DisposeAsync();
        }
    }

    private async Task<T> Guard<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception failure) when (PostgresFailures.IsConnectionFailure(failure))
        {
            database.ConnectionLost();
            throw PostgresFailures.Classify(failure, database.Location);
        }
    }
}
