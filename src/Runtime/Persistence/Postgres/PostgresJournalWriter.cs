using Npgsql;
using NpgsqlTypes;

namespace AuthActors.Runtime.Persistence.Postgres;

/// <summary>
/// Writes batches of append calls on one dedicated connection, one transaction per batch. The whole batch goes in
/// as one multi-row INSERT; only when that hits a taken sequence number is the batch written again with a savepoint
/// per call, so that the lost race fails its own call alone. Used by one loop at a time; not thread-safe.
/// <para>
/// Fenced calls: before inserting, one query checks every fence of the batch against <c>shard_leases</c> and takes a
/// FOR SHARE lock on each lease row that still matches; calls whose fence does not match fail with
/// <see cref="JournalFencedException"/> and are left out of the insert. The share locks are what makes the check
/// hold until COMMIT: a takeover (the acquire's ON CONFLICT DO UPDATE) or a release must lock the row for update,
/// which waits until this batch has committed, and only then moves the epoch on; a takeover that committed first
/// has moved the epoch already, and the check sees it (a row being updated makes FOR SHARE wait and re-read the
/// committed version). So no event is stored under an epoch once a later epoch exists.
/// </para>
/// </summary>
internal sealed class PostgresJournalWriter(PostgresDatabase database, bool savepointPerAppend) : IAsyncDisposable
{
    private const string Insert = """
        INSERT INTO event_journal (persistence_id, sequence_nr, manifest, payload, timestamp, tags)
        SELECT * FROM unnest(@persistence_ids, @sequence_nrs, @manifests, @payloads, @timestamps, @tags);
        """;

    // One row per fenced call (ordinality = index + 1 in the arrays) whose lease still matches, locked until COMMIT.
    // Internal for the test that shows a takeover waiting for these locks.
    internal const string CheckFences = """
        SELECT f.i
        FROM unnest(@regions, @shards, @nodes, @incarnations, @epochs)
             WITH ORDINALITY AS f (region, shard, node, incarnation, epoch, i)
        JOIN shard_leases l ON l.region = f.region AND l.shard = f.shard AND l.owner_node = f.node
                           AND l.owner_incarnation = f.incarnation AND l.epoch = f.epoch
        FOR SHARE OF l;
        """;

    private NpgsqlConnection? connection;
    private long batches;
    private long events;

    public long CommittedBatches => Interlocked.Read(ref batches);

    public long CommittedEvents => Interlocked.Read(ref events);

    /// <summary>
    /// Writes the batch and completes every call in it: success only after COMMIT returned, a
    /// <see cref="JournalConcurrencyException"/> for a call whose sequence number was taken, a
    /// <see cref="JournalFencedException"/> for a call whose lease was lost, and for all the others a
    /// <see cref="StorageUnavailableException"/> (or the statement's failure) when the transaction as a whole fails.
    /// </summary>
    public async Task WriteAsync(IReadOnlyList<PendingAppend> batch)
    {
        var refusals = new Exception?[batch.Count];
        int committedEvents;
        try
        {
            var c = connection ??= await database.OpenConnectionAsync(CancellationToken.None);
            committedEvents = !savepointPerAppend && await TryInsertAllAsync(c, batch, refusals)
                ? batch.Where((_, i) => refusals[i] is null).Sum(append => append.Events.Count)
                : await InsertEachAsync(c, batch, refusals);
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
                batch[i].Fail(refusals[i] ?? classified);
            }

            return;
        }

        Interlocked.Increment(ref batches);
        Interlocked.Add(ref events, committedEvents);
        for (var i = 0; i < batch.Count; i++)
        {
            if (refusals[i] is { } refusal)
            {
                batch[i].Fail(refusal);
            }
            else
            {
                batch[i].Succeed();
            }
        }
    }

    public ValueTask DisposeAsync() => ResetAsync();

    /// <summary>
    /// The fast path: the fences in one query, then every admitted call's events in one statement. False when a
    /// sequence number was taken (the refusals are cleared: the careful path checks the fences again).
    /// </summary>
    private static async Task<bool> TryInsertAllAsync(NpgsqlConnection connection, IReadOnlyList<PendingAppend> batch, Exception?[] refusals)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        await RefuseLostFencesAsync(connection, transaction, batch, refusals);
        var admitted = batch.Where((_, i) => refusals[i] is null).SelectMany(append => append.Events).ToList();
        try
        {
            if (admitted.Count > 0)
            {
                await using var command = InsertCommand(connection, transaction, admitted);
                await command.ExecuteNonQueryAsync();
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresFailures.UniqueViolation)
        {
            await transaction.RollbackAsync();
            Array.Clear(refusals);
            return false;
        }

        await transaction.CommitAsync();
        return true;
    }

    /// <summary>The careful path: a savepoint per call, so that a lost race undoes that call alone.</summary>
    private static async Task<int> InsertEachAsync(
        NpgsqlConnection connection, IReadOnlyList<PendingAppend> batch, Exception?[] refusals)
    {
        var inserted = 0;
        await using var transaction = await connection.BeginTransactionAsync();
        await RefuseLostFencesAsync(connection, transaction, batch, refusals);
        for (var i = 0; i < batch.Count; i++)
        {
            if (refusals[i] is not null)
            {
                continue;
            }

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
                refusals[i] = new JournalConcurrencyException(appended[0].PersistenceId, appended[0].SequenceNr);
            }
        }

        await transaction.CommitAsync();
        return inserted;
    }

    /// <summary>
    /// Checks every fenced call's lease in one query, locking the rows that still match (see the class summary),
    /// and sets a <see cref="JournalFencedException"/> for each call whose lease is lost.
    /// </summary>
    private static async Task RefuseLostFencesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<PendingAppend> batch, Exception?[] refusals)
    {
        var fenced = new List<int>();
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i].Fence is not null)
            {
                fenced.Add(i);
            }
        }

        if (fenced.Count == 0)
        {
            return;
        }

        var fences = fenced.Select(i => batch[i].Fence!).ToArray();
        await using var check = new NpgsqlCommand(CheckFences, connection, transaction);
        check.Parameters.Add(new NpgsqlParameter<string[]>("regions", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. fences.Select(f => f.Region)] });
        check.Parameters.Add(new NpgsqlParameter<int[]>("shards", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = [.. fences.Select(f => f.Shard)] });
        check.Parameters.Add(new NpgsqlParameter<string[]>("nodes", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. fences.Select(f => f.Owner.Node)] });
        check.Parameters.Add(new NpgsqlParameter<long[]>("incarnations", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. fences.Select(f => f.Owner.Incarnation)] });
        check.Parameters.Add(new NpgsqlParameter<long[]>("epochs", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. fences.Select(f => f.Epoch)] });
        var held = new bool[fences.Length];
        await using (var reader = await check.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                held[reader.GetInt64(0) - 1] = true;
            }
        }

        for (var k = 0; k < fenced.Count; k++)
        {
            if (!held[k])
            {
                var i = fenced[k];
                refusals[i] = new JournalFencedException(batch[i].Events[0].PersistenceId, fences[k]);
            }
        }
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
