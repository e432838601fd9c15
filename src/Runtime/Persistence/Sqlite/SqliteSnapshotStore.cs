using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace AuthActors.Runtime.Persistence.Sqlite;

/// <summary>
/// Snapshots on SQLite; keeps the latest two per writer, so a bad latest one still leaves a fallback. Given the
/// journal, saves go through its writer, in the transaction of its next batch: SQLite has one write lock, and a save
/// of its own took it between two batches (the journal's next BEGIN then slept in SQLite's busy handler, a
/// millisecond or more) and paid a second fsync.
/// </summary>
public sealed class SqliteSnapshotStore : ISnapshotStore
{
    // The snapshots of one writer that a SnapshotCriteria selects (both bounds inclusive), for loads and deletes.
    private const string CriteriaFilter = """
        WHERE persistence_id = $persistence_id
          AND sequence_nr BETWEEN $min_sequence_nr AND $max_sequence_nr
          AND timestamp BETWEEN $min_timestamp AND $max_timestamp
        """;

    internal const int KeptPerWriter = 2;

    internal const string SaveSql = """
        INSERT OR REPLACE INTO snapshot_store (persistence_id, sequence_nr, manifest, payload, timestamp)
        VALUES ($persistence_id, $sequence_nr, $manifest, $payload, $timestamp);
        """;

    // The subquery is the oldest snapshot still kept; NULL (nothing deleted) while fewer are stored.
    internal const string PruneSql = """
        DELETE FROM snapshot_store
        WHERE persistence_id = $persistence_id AND sequence_nr < (
            SELECT sequence_nr FROM snapshot_store
            WHERE persistence_id = $persistence_id
            ORDER BY sequence_nr DESC
            LIMIT 1 OFFSET $kept_after_newest);
        """;

    private readonly SqliteDatabase database;
    private readonly SqliteJournal? journal;

    /// <summary>A store on <paramref name="database"/>; with <paramref name="journal"/> (on the same database) saves go through its writer.</summary>
    public SqliteSnapshotStore(SqliteDatabase database, SqliteJournal? journal = null)
    {
        this.database = database ?? throw new ArgumentNullException(nameof(database));
        this.journal = journal;
    }

    /// <inheritdoc />
    public async Task SaveAsync(SnapshotEnvelope snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentException.ThrowIfNullOrEmpty(snapshot.PersistenceId, nameof(snapshot));
        ArgumentException.ThrowIfNullOrEmpty(snapshot.Manifest, nameof(snapshot));
        ArgumentOutOfRangeException.ThrowIfNegative(snapshot.SequenceNr, nameof(snapshot));
        if (journal is not null)
        {
            await journal.SaveSnapshotAsync(snapshot, cancellationToken);
            return;
        }

        var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (connection)
        {
            // deferred: false issues BEGIN IMMEDIATE, so the save and the pruning see the same rows.
            using var transaction = connection.BeginTransaction(deferred: false);
            using (var save = connection.CreateCommand())
            {
                save.Transaction = transaction;
                save.CommandText = SaveSql;
                save.Parameters.Add("$persistence_id", SqliteType.Text).Value = snapshot.PersistenceId;
                save.Parameters.Add("$sequence_nr", SqliteType.Integer).Value = snapshot.SequenceNr;
                save.Parameters.Add("$manifest", SqliteType.Text).Value = snapshot.Manifest;
                save.Parameters.Add("$payload", SqliteType.Blob).Value = snapshot.Payload.ToArray();
                save.Parameters.Add("$timestamp", SqliteType.Integer).Value = snapshot.Timestamp.ToUnixTimeMilliseconds();
                await save.ExecuteNonQueryAsync(cancellationToken);
            }

            using (var prune = connection.CreateCommand())
            {
                prune.Transaction = transaction;
                prune.CommandText = PruneSql;
                prune.Parameters.Add("$persistence_id", SqliteType.Text).Value = snapshot.PersistenceId;
                prune.Parameters.Add("$kept_after_newest", SqliteType.Integer).Value = KeptPerWriter - 1;
                await prune.ExecuteNonQueryAsync(cancellationToken);
            }

            transaction.Commit();
        }
    }

    /// <inheritdoc />
    public async Task<SnapshotEnvelope?> LoadLatestAsync(string persistenceId, CancellationToken cancellationToken)
    {
        await foreach (var snapshot in LoadNewestFirstAsync(persistenceId, SnapshotCriteria.All, cancellationToken))
        {
            return snapshot;
        }

        return null;
    }
    /// <inheritdoc />
    public async IAsyncEnumerable<SnapshotEnvelope> LoadNewestFirstAsync(
        string persistenceId,
        SnapshotCriteria criteria,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        ArgumentNullException.ThrowIfNull(criteria);
        var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (connection)
        {
            using var load = connection.CreateCommand();
            load.CommandText = $"""
                SELECT sequence_nr, manifest, payload, timestamp
                FROM snapshot_store
                {CriteriaFilter}
                ORDER BY sequence_nr DESC;
                """;
            Bind(load, persistenceId, criteria);
            var reader = await load.ExecuteReaderAsync(cancellationToken);
            await using (reader)
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    yield return new SnapshotEnvelope(
                        persistenceId,
                        reader.GetInt64(0),
                        reader.GetString(1),
                        reader.GetFieldValue<byte[]>(2),
                        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)));
                }
            }
        }
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string persistenceId, SnapshotCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        ArgumentNullException.ThrowIfNull(criteria);
        var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (connection)
        {
            using var delete = connection.CreateCommand();
            delete.CommandText = $"""
                DELETE FROM snapshot_store
                {CriteriaFilter};
                """;
            Bind(delete, persistenceId, criteria);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static void Bind(SqliteCommand command, string persistenceId, SnapshotCriteria criteria)
    {
        command.Parameters.Add("$persistence_id", SqliteType.Text).Value = persistenceId;
        command.Parameters.Add("$min_sequence_nr", SqliteType.Integer).Value = criteria.MinSequenceNr;
        command.Parameters.Add("$max_sequence_nr", SqliteType.Integer).Value = criteria.MaxSequenceNr;
        command.Parameters.Add("$min_timestamp", SqliteType.Integer).Value = criteria.MinTimestamp.ToUnixTimeMilliseconds();
        command.Parameters.Add("$max_timestamp", SqliteType.Integer).Value = criteria.MaxTimestamp.ToUnixTimeMilliseconds();
    }
}
