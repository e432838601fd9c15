using Npgsql;
using NpgsqlTypes;

namespace AuthActors.Runtime.Persistence.Postgres;

/// <summary>Signing keys on PostgreSQL, in the <c>signing_keys</c> table beside the journal.</summary>
public sealed class PostgresSigningKeyStore(PostgresDatabase database) : ISigningKeyStore
{
    // Serialises the check-then-insert of nodes that start or rotate together; any constant not used elsewhere.
    private const long AddKeyLockKey = 0x41757468_4B657973; // "AuthKeys"

    private readonly PostgresDatabase database = database ?? throw new ArgumentNullException(nameof(database));

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredSigningKey>> LoadAllAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await using var load = new NpgsqlCommand(
                "SELECT kid, algorithm, public_key, encrypted_private_key, created_at FROM signing_keys ORDER BY created_at, kid;",
                connection);
            await using var reader = await load.ExecuteReaderAsync(cancellationToken);
            var keys = new List<StoredSigningKey>();
            while (await reader.ReadAsync(cancellationToken))
            {
                keys.Add(new StoredSigningKey(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetFieldValue<byte[]>(2),
                    reader.GetFieldValue<byte[]>(3),
                    PostgresTimestamps.FromStored(reader.GetDateTime(4))));
            }

            return keys;
        }
        catch (Exception failure) when (PostgresFailures.IsConnectionFailure(failure))
        {
            throw PostgresFailures.Classify(failure, database.Location);
        }
    }

    /// <inheritdoc />
    public async Task<bool> AddUnlessNewerExistsAsync(StoredSigningKey key, DateTimeOffset noneCreatedAfter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(key.Kid, nameof(key));
        ArgumentException.ThrowIfNullOrEmpty(key.Algorithm, nameof(key));
        try
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

            // Under READ COMMITTED the NOT EXISTS of two concurrent inserts could both pass; the lock makes the
            // check and the insert one step, so of several nodes starting together exactly one adds the key.
            await using (var lockKeys = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key);", connection, transaction))
            {
                lockKeys.Parameters.Add(new NpgsqlParameter<long>("key", NpgsqlDbType.Bigint) { TypedValue = AddKeyLockKey });
                await lockKeys.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var add = new NpgsqlCommand(
                """
                INSERT INTO signing_keys (kid, algorithm, public_key, encrypted_private_key, created_at)
                SELECT @kid, @algorithm, @public_key, @encrypted_private_key, @created_at
                WHERE NOT EXISTS (SELECT 1 FROM signing_keys WHERE created_at > @none_created_after);
                """,
                connection,
                transaction);
            add.Parameters.Add(new NpgsqlParameter<string>("kid", NpgsqlDbType.Text) { TypedValue = key.Kid });
            add.Parameters.Add(new NpgsqlParameter<string>("algorithm", NpgsqlDbType.Text) { TypedValue = key.Algorithm });
            add.Parameters.Add(new NpgsqlParameter<byte[]>("public_key", NpgsqlDbType.Bytea) { TypedValue = key.PublicKey.ToArray() });
            add.Parameters.Add(new NpgsqlParameter<byte[]>("encrypted_private_key", NpgsqlDbType.Bytea) { TypedValue = key.EncryptedPrivateKey.ToArray() });
            add.Parameters.Add(new NpgsqlParameter<DateTime>("created_at", NpgsqlDbType.TimestampTz) { TypedValue = PostgresTimestamps.ToStored(key.CreatedAt) });
            add.Parameters.Add(new NpgsqlParameter<DateTime>("none_created_after", NpgsqlDbType.TimestampTz) { TypedValue = PostgresTimestamps.ToStored(noneCreatedAfter) });
            var added = await add.ExecuteNonQueryAsync(cancellationToken) == 1;
            await transaction.CommitAsync(cancellationToken);
            return added;
        }
        catch (Exception failure) when (PostgresFailures.IsConnectionFailure(failure))
        {
            throw PostgresFailures.Classify(failure, database.Location);
        }
    }
}
