using Npgsql;
using NpgsqlTypes;

namespace AuthActors.Runtime.Persistence.Postgres;

/// <summary>
/// Writes batches of append calls on one dedicated connection, one transaction per batch. The whole batch goes in
/// as one multi-row INSERT; only when that hits a taken sequence number is the batch written again with a savepoint
/// per call, so that the lost race fails its own call alone. Used by one loop at a time; not thread-safe.
/// </summary>
internal sealed class PostgresJournalWriter(PostgresDatabase database, bool savepointPerAppend) : IAsyncDisposable
{
    private const string Insert = """
        INSERT INTO event_journal (persistence_id, sequence_nr, manifest, payload, timestamp, tags)
        SELECT * FROM unnest(@persistence_ids, @sequence_nrs, @manifests, @payloads, @timestamps, @tags);
        """;

    private NpgsqlConnection? connection;
    private long batches;
    private long events;

    public long CommittedBatches => Interlocked.Read(ref batches);

    public long CommittedEvents => Interlocked.Read(ref events);

    /// <summary>
    /// Writes the batch and completes every call in it: success only after COMMIT returned, a
    /// <see cref="JournalConcurrencyException"/> for a call whose sequence number was taken, and for all the others a
    /// <see cref="StorageUnavailableException"/> (or the statement's failure) when the transaction as a whole fails.
    /// </summary>
    public async Task WriteAsync(IReadOnlyList<PendingAppend> batch)
    {
        var conflicts = new JournalConcurrencyException?[batch.Count];
        int committedEvents;
        try
        {
            var c = connection ??= await database.OpenConnectionAsync(CancellationToken.None);
            committedEvents = !savepointPerAppend && await TryInsertAllAsync(c, batch)
                ? batch.Sum(append => append.Events.Count)
                : await InsertEachAsync(c, batch, conflicts);
        }
        catch (Exception failure)
        {
            // The connection's state is not known after a failure (it may be broken, or mid-transaction), so the
            // next batch starts on a fresh one; and after a lost server every idle pooled connection is dead too.
            await ResetAsync();
            if (failure is StorageUnavailableException || PostgresFailures.IsConnectionFailure(failure))
            {
                database.ConnectionLost();
            }

            var classified = PostgresFailures.Classify(failure, database.Location);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Fail(conflicts[i] ?? classified);
            }

            return;
        }

        Interlocked.Increment(ref batches);
        Interlocked.Add(ref events, committedEvents);
        for (var i = 0; i < batch.Count; i++)
        {
            if (conflicts[i] is { } conflict)
            {
                batch[i].Fail(conflict);
            }
            else
            {
                batch[i].Succeed();
            }
        }
    }

    public ValueTask DisposeAsync() => ResetAsync();

    /// <summary>The fast path: every call's events in one statement. False when a sequence number was taken.</summary>
    private static async Task<bool> TryInsertAllAsync(NpgsqlConnection connection, IReadOnlyList<PendingAppend> batch)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        try
        {
            await using var command = InsertCommand(connection, transaction, batch.SelectMany(append => append.Events));
            await command.ExecuteNonQueryAsync();
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresFailures.UniqueViolation)
        {
            await transaction.RollbackAsync();
            return false;
        }

        await transaction.CommitAsync();
        return true;
    }

    /// <summary>The careful path: a savepoint per call, so that a lost race undoes that call alone.</summary>
    private static async Task<int> InsertEachAsync(
        NpgsqlConnection connection, IReadOnlyList<PendingAppend> batch, JournalConcurrencyException?[] conflicts)
    {
        var inserted = 0;
        await using var transaction = await connection.BeginTransactionAsync();
        for (var i = 0; i < batch.Count; i++)
        {
            var appended = batch[i].Events;
            await transaction.SaveAsync("append");
            try
            {
                await using var command = InsertCommand(connection, transaction, appended);
                await command.ExecuteNonQueryAsync();
                await transaction.ReleaseAsync("append");
                inserted += appended.Count;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresFailures.UniqueViolation)
            {
                await transaction.RollbackAsync("append");
                conflicts[i] = new JournalConcurrencyException(appended[0].PersistenceId, appended[0].SequenceNr);
            }
        }

        await transaction.CommitAsync();
        return inserted;
    }

    private static NpgsqlCommand InsertCommand(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<EventEnvelope> rows)
    {
        var list = rows as IReadOnlyCollection<EventEnvelope> ?? [.. rows];
        var count = list.Count;
        var persistenceIds = new string[count];
        var sequenceNrs = new long[count];
        var manifests = new string[count];
        var payloads = new byte[count][];
        var timestamps = new DateTime[count];
        var tags = new string[count];
        var i = 0;
        foreach (var e in list)
        {
            persistenceIds[i] = e.PersistenceId;
            sequenceNrs[i] = e.SequenceNr;
            manifests[i] = e.Manifest;
            payloads[i] = e.Payload.ToArray();
            timestamps[i] = PostgresTimestamps.ToStored(e.Timestamp);
            tags[i] = JournalTags.Join(e.Tags);
            i++;
        }

        var command = new NpgsqlCommand(Insert, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string[]>("persistence_ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = persistenceIds });
        command.Parameters.Add(new NpgsqlParameter<long[]>("sequence_nrs", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = sequenceNrs });
        command.Parameters.Add(new NpgsqlParameter<string[]>("manifests", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = manifests });
        command.Parameters.Add(new NpgsqlParameter<byte[][]>("payloads", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = payloads });
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("timestamps", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = timestamps });
        command.Parameters.Add(new NpgsqlParameter<string[]>("tags", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = tags });
        return command;
    }

    private async ValueTask ResetAsync()
    {
        if (connection is { } c)
        {
            connection = null;
            await c.DisposeAsync();
        }
    }
}
