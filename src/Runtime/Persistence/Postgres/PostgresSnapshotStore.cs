using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;

namespace AuthActors.Runtime.Persistence.Postgres;

/// <summary>Snapshots on PostgreSQL; keeps the latest two per writer, so a bad latest one still leaves a fallback.</summary>
public sealed class PostgresSnapshotStore(PostgresDatabase database) : ISnapshotStore
{
    // The snapshots of one writer that a SnapshotCriteria selects (both bounds inclusive), for loads and deletes.
    private const string CriteriaFilter = """
        WHERE persistence_id = @persistence_id
          AND sequence_nr BETWEEN @min_sequence_nr AND @max_sequence_nr
          AND timestamp BETWEEN @min_timestamp AND @max_timestamp
        """;

    private const int KeptPerWriter = 2;

    private readonly PostgresDatabase database = database ?? throw new ArgumentNullException(nameof(database));

    /// <inheritdoc />
    public async Task SaveAsync(SnapshotEnvelope snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentException.ThrowIfNullOrEmpty(snapshot.PersistenceId, nameof(snapshot));
        ArgumentException.ThrowIfNullOrEmpty(snapshot.Manifest, nameof(snapshot));
        ArgumentOutOfRangeException.ThrowIfNegative(snapshot.SequenceNr, nameof(snapshot));

        var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (connection)
        {
            await GuardAsync(async () =>
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                // The subquery is the oldest snapshot still kept; NULL (nothing deleted) while fewer are stored.
                await using var batch = new NpgsqlBatch(connection, transaction)
                {
                    BatchCommands =
                    {
                        Command("""
                            INSERT INTO snapshot_store (persistence_id, sequence_nr, manifest, payload, timestamp)
                            VALUES (@persistence_id, @sequence_nr, @manifest, @payload, @timestamp)
                            ON CONFLICT (persistence_id, sequence_nr) DO UPDATE
                            SET manifest = EXCLUDED.manifest, payload = EXCLUDED.payload, timestamp = EXCLUDED.timestamp;
                            """,
                            Text("persistence_id", snapshot.PersistenceId),
                            new NpgsqlParameter<long>("sequence_nr", NpgsqlDbType.Bigint) { TypedValue = snapshot.SequenceNr },
                            Text("manifest", snapshot.Manifest),
                            new NpgsqlParameter<byte[]>("payload", NpgsqlDbType.Bytea) { TypedValue = snapshot.Payload.ToArray() },
                            new NpgsqlParameter<DateTime>("timestamp", NpgsqlDbType.TimestampTz)
                            {
                                TypedValue = PostgresTimestamps.ToStored(snapshot.Timestamp),
                            }),
                        Command("""
                            DELETE FROM snapshot_store
                            WHERE persistence_id = @persistence_id AND sequence_nr < (
                                SELECT sequence_nr FROM snapshot_store
                                WHERE persistence_id = @persistence_id
                                ORDER BY sequence_nr DESC
                                LIMIT 1 OFFSET @kept_after_newest);
                            """,
                            Text("persistence_id", snapshot.PersistenceId),
                            new NpgsqlParameter<int>("kept_after_newest", NpgsqlDbType.Integer) { TypedValue = KeptPerWriter - 1 }),
                    },
                };
                await batch.ExecuteNonQueryAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return 0;
            });
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
            await using var load = new NpgsqlCommand(
                $"""
                SELECT sequence_nr, manifest, payload, timestamp
                FROM snapshot_store
                {CriteriaFilter}
                ORDER BY sequence_nr DESC;
                """,
                connection);
            load.Parameters.AddRange(CriteriaParameters(persistenceId, criteria));
            var reader = await GuardAsync(() => load.ExecuteReaderAsync(cancellationToken));
            await using (reader)
            {
                while (await GuardAsync(() => reader.ReadAsync(cancellationToken)))
                {
                    yield return new SnapshotEnvelope(
                        persistenceId,
                        reader.GetInt64(0),
                        reader.GetString(1),
                        reader.GetFieldValue<byte[]>(2),
                        PostgresTimestamps.FromStored(reader.GetDateTime(3)));
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
            await using var delete = new NpgsqlCommand(
                $"""
                DELETE FROM snapshot_store
                {CriteriaFilter};
                """,
                connection);
            delete.Parameters.AddRange(CriteriaParameters(persistenceId, criteria));
            await GuardAsync(() => delete.ExecuteNonQueryAsync(cancellationToken));
        }
    }

    private static NpgsqlParameter[] CriteriaParameters(string persistenceId, SnapshotCriteria criteria) =>
    [
        Text("persistence_id", persistenceId),
        new NpgsqlParameter<long>("min_sequence_nr", NpgsqlDbType.Bigint) { TypedValue = criteria.MinSequenceNr },
        new NpgsqlParameter<long>("max_sequence_nr", NpgsqlDbType.Bigint) { TypedValue = criteria.MaxSequenceNr },
        new NpgsqlParameter<DateTime>("min_timestamp", NpgsqlDbType.TimestampTz)
        {
            TypedValue = PostgresTimestamps.ToStored(criteria.MinTimestamp),
        },
        new NpgsqlParameter<DateTime>("max_timestamp", NpgsqlDbType.TimestampTz)
        {
            TypedValue = PostgresTimestamps.ToStored(criteria.MaxTimestamp),
        },
    ];

    private static NpgsqlParameter<string> Text(string name, string value) =>
        new(name, NpgsqlDbType.Text) { TypedValue = value };

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private async Task<T> GuardAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (Exception failure) when (PostgresFailures.IsConnectionFailure(failure))
        {
            database.ConnectionLost();
            throw PostgresFailures.Classify(failure, database.Location);
        }
    }
}
