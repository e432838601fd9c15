using System.Runtime.InteropServices;
using AuthActors.Runtime.Cluster;
using Microsoft.Data.Sqlite;

namespace AuthActors.Runtime.Persistence.Sqlite;

/// <summary>
/// Writes batches of append calls (and snapshot saves) on one dedicated connection: one transaction per batch, a
/// savepoint per call of several events, statements prepared once and reused. Used by one loop at a time; not thread-safe.
/// A fenced call's lease is checked in the batch's transaction just before its events are inserted. The transaction
/// began with BEGIN IMMEDIATE, so it holds SQLite's write lock: no takeover can commit between check and COMMIT.
/// </summary>
internal sealed class JournalWriter(SqliteDatabase database) : IDisposable
{
    private const int SqliteConstraintUnique = 2067;

    private Statements? statements;
    private long batches;
    private long events;

    public long CommittedBatches => Interlocked.Read(ref batches);

    public long CommittedEvents => Interlocked.Read(ref events);

    /// <summary>
    /// Writes the batch and completes every call in it: success only after COMMIT returned, a
    /// <see cref="JournalConcurrencyException"/> for a call whose sequence number was taken, a
    /// <see cref="JournalFencedException"/> for a call whose lease was lost, and the failure for all the others when
    /// the transaction as a whole fails.
    /// </summary>
    public void Write(IReadOnlyList<PendingAppend> batch)
    {
        var refusals = new Exception?[batch.Count];
        var committedEvents = 0;
        var inTransaction = false;
        try
        {
            var s = statements ??= Statements.Prepare(database.OpenWriterConnection());
            s.Begin.ExecuteNonQuery();
            inTransaction = true;
            for (var i = 0; i < batch.Count; i++)
            {
                if (batch[i].Snapshot is { } snapshot)
                {
                    refusals[i] = TrySaveSnapshot(s, snapshot);
                    continue;
                }

                refusals[i] = TryInsert(s, batch[i]);
                committedEvents += refusals[i] is null ? batch[i].Events.Count : 0;
            }

            s.Commit.ExecuteNonQuery();
        }
        catch (Exception failure)
        {
            if (inTransaction)
            {
                TryRollback();
            }

            // After a failure the connection's state is not known (an I/O error may have left it unusable),
            // so the next batch starts on a fresh one.
            Reset();
            var classified = SqliteFailures.Classify(failure);
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

    public void Dispose() => Reset();

    /// <summary>
    /// Checks one call's fence, then inserts its events so that a lost race undoes that call alone: one event needs
    /// nothing more, since SQLite backs out a statement that breaks a constraint and keeps the transaction; several
    /// go inside a savepoint, so that the ones inserted before the conflict are undone too. (Three statements per
    /// call instead of one made the journal half as fast as a plain INSERT loop.)
    /// </summary>
    private static Exception? TryInsert(Statements s, PendingAppend append)
    {
        var events = append.Events;
        if (append.Fence is { } fence && !s.HoldsLease(fence))
        {
            return new JournalFencedException(events[0].PersistenceId, fence);
        }

        var isolated = events.Count > 1;
        if (isolated)
        {
            s.Savepoint.ExecuteNonQuery();
        }

        try
        {
            foreach (var e in events)
            {
                s.PersistenceId.Value = e.PersistenceId;
                s.SequenceNr.Value = e.SequenceNr;
                s.Manifest.Value = e.Manifest;
                s.Payload.Value = AsArray(e.Payload);
                s.Timestamp.Value = e.Timestamp.ToUnixTimeMilliseconds();
                s.Tags.Value = JournalTags.Join(e.Tags);
                s.Insert.ExecuteNonQuery();
            }
        }
        catch (SqliteException ex) when (ex.SqliteExtendedErrorCode == SqliteConstraintUnique)
        {
            if (isolated)
            {
                s.RollbackToSavepoint.ExecuteNonQuery();
                s.ReleaseSavepoint.ExecuteNonQuery();
            }

            return new JournalConcurrencyException(events[0].PersistenceId, events[0].SequenceNr);
        }

        if (isolated)
        {
            s.ReleaseSavepoint.ExecuteNonQuery();
        }

        return null;
    }

    /// <summary>
    /// Saves a snapshot inside a savepoint, so that one that cannot be saved fails alone and the appends of its batch
    /// still commit (a snapshot is only a shortcut for recovery); a storage failure still fails the whole batch.
    /// </summary>
    private static Exception? TrySaveSnapshot(Statements s, SnapshotEnvelope snapshot)
    {
        s.Savepoint.ExecuteNonQuery();
        try
        {
            s.SaveSnapshot(snapshot);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException && SqliteFailures.Classify(failure) is not StorageUnavailableException)
        {
            s.RollbackToSavepoint.ExecuteNonQuery();
            s.ReleaseSavepoint.ExecuteNonQuery();
            return failure;
        }

        s.ReleaseSavepoint.ExecuteNonQuery();
        return null;
    }

    // Payloads are usually whole arrays already; binding them as they are saves a copy per event.
    private static byte[] AsArray(ReadOnlyMemory<byte> payload) =>
        MemoryMarshal.TryGetArray(payload, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : payload.ToArray();

    private void TryRollback()
    {
        try
        {
            statements?.Rollback.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // SQLite may already have rolled back on its own (e.g. after an I/O error); Reset closes the connection anyway.
        }
    }

    private void Reset()
    {
        statements?.Dispose();
        statements = null;
    }

    /// <summary>The writer's connection and its prepared statements, which live and die together.</summary>
    private sealed class Statements : IDisposable
    {
        private readonly SqliteConnection connection;

        private Statements(SqliteConnection connection)
        {
            this.connection = connection;
            Begin = Command("BEGIN IMMEDIATE;");
            Commit = Command("COMMIT;");
            Rollback = Command("ROLLBACK;");
            Savepoint = Command("SAVEPOINT append_call;");
            ReleaseSavepoint = Command("RELEASE append_call;");
            RollbackToSavepoint = Command("ROLLBACK TO append_call;");
            Insert = Command("""
                INSERT INTO event_journal (persistence_id, sequence_nr, manifest, payload, timestamp, tags)
                VALUES ($persistence_id, $sequence_nr, $manifest, $payload, $timestamp, $tags);
                """);
            PersistenceId = Insert.Parameters.Add("$persistence_id", SqliteType.Text);
            SequenceNr = Insert.Parameters.Add("$sequence_nr", SqliteType.Integer);
            Manifest = Insert.Parameters.Add("$manifest", SqliteType.Text);
            Payload = Insert.Parameters.Add("$payload", SqliteType.Blob);
            Timestamp = Insert.Parameters.Add("$timestamp", SqliteType.Integer);
            Tags = Insert.Parameters.Add("$tags", SqliteType.Text);
            SaveSnapshotCommand = Command(SqliteSnapshotStore.SaveSql);
            SnapshotPersistenceId = SaveSnapshotCommand.Parameters.Add("$persistence_id", SqliteType.Text);
            SnapshotSequenceNr = SaveSnapshotCommand.Parameters.Add("$sequence_nr", SqliteType.Integer);
            SnapshotManifest = SaveSnapshotCommand.Parameters.Add("$manifest", SqliteType.Text);
            SnapshotPayload = SaveSnapshotCommand.Parameters.Add("$payload", SqliteType.Blob);
            SnapshotTimestamp = SaveSnapshotCommand.Parameters.Add("$timestamp", SqliteType.Integer);
            PruneSnapshots = Command(SqliteSnapshotStore.PruneSql);
            PrunePersistenceId = PruneSnapshots.Parameters.Add("$persistence_id", SqliteType.Text);
            PruneSnapshots.Parameters.Add("$kept_after_newest", SqliteType.Integer).Value = SqliteSnapshotStore.KeptPerWriter - 1;
            CheckLease = Command("""
                SELECT COUNT(*) FROM shard_leases
                WHERE region = $region AND shard = $shard AND owner_node = $node AND owner_incarnation = $incarnation
                  AND epoch = $epoch;
                """);
            LeaseRegion = CheckLease.Parameters.Add("$region", SqliteType.Text);
            LeaseShard = CheckLease.Parameters.Add("$shard", SqliteType.Integer);
            LeaseNode = CheckLease.Parameters.Add("$node", SqliteType.Text);
            LeaseIncarnation = CheckLease.Parameters.Add("$incarnation", SqliteType.Integer);
            LeaseEpoch = CheckLease.Parameters.Add("$epoch", SqliteType.Integer);
        }

        public SqliteCommand Begin { get; }
        public SqliteCommand Commit { get; }
        public SqliteCommand Rollback { get; }
        public SqliteCommand Savepoint { get; }
        public SqliteCommand ReleaseSavepoint { get; }
        public SqliteCommand RollbackToSavepoint { get; }
        public SqliteCommand Insert { get; }
        public SqliteParameter PersistenceId { get; }
        public SqliteParameter SequenceNr { get; }
        public SqliteParameter Manifest { get; }
        public SqliteParameter Payload { get; }
        public SqliteParameter Timestamp { get; }
        public SqliteParameter Tags { get; }
        public SqliteCommand SaveSnapshotCommand { get; }
        public SqliteParameter SnapshotPersistenceId { get; }
        public SqliteParameter SnapshotSequenceNr { get; }
        public SqliteParameter SnapshotManifest { get; }
        public SqliteParameter SnapshotPayload { get; }
        public SqliteParameter SnapshotTimestamp { get; }
        public SqliteCommand PruneSnapshots { get; }
        public SqliteParameter PrunePersistenceId { get; }
        public SqliteCommand CheckLease { get; }
        public SqliteParameter LeaseRegion { get; }
        public SqliteParameter LeaseShard { get; }
        public SqliteParameter LeaseNode { get; }
        public SqliteParameter LeaseIncarnation { get; }
        public SqliteParameter LeaseEpoch { get; }

        /// <summary>Saves a snapshot and drops the writer's older ones, as <see cref="SqliteSnapshotStore"/> does on its own.</summary>
        public void SaveSnapshot(SnapshotEnvelope snapshot)
        {
            SnapshotPersistenceId.Value = snapshot.PersistenceId;
            SnapshotSequenceNr.Value = snapshot.SequenceNr;
            SnapshotManifest.Value = snapshot.Manifest;
            SnapshotPayload.Value = AsArray(snapshot.Payload);
            SnapshotTimestamp.Value = snapshot.Timestamp.ToUnixTimeMilliseconds();
            SaveSnapshotCommand.ExecuteNonQuery();
            PrunePersistenceId.Value = snapshot.PersistenceId;
            PruneSnapshots.ExecuteNonQuery();
        }

        /// <summary>Whether the lease row still names the fence's owner and epoch (expiry is not checked: the epoch is the fence).</summary>
        public bool HoldsLease(JournalFence fence)
        {
            LeaseRegion.Value = fence.Region;
            LeaseShard.Value = fence.Shard;
            LeaseNode.Value = fence.Owner.Node;
            LeaseIncarnation.Value = fence.Owner.Incarnation;
            LeaseEpoch.Value = fence.Epoch;
            return (long)CheckLease.ExecuteScalar()! > 0;
        }

        public static Statements Prepare(SqliteConnection connection)
        {
            try
            {
                return new Statements(connection);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        public void Dispose()
        {
            foreach (var command in new[] { Begin, Commit, Rollback, Savepoint, ReleaseSavepoint, RollbackToSavepoint, Insert, SaveSnapshotCommand, PruneSnapshots, CheckLease })
            {
                command?.Dispose();
            }

            connection.Dispose();
        }

        private SqliteCommand Command(string sql)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Prepare();
            return command;
        }
    }
}
