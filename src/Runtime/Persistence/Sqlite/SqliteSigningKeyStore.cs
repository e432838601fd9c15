using Microsoft.Data.Sqlite;

namespace AuthActors.Runtime.Persistence.Sqlite;

/// <summary>Signing keys on SQLite, in the <c>signing_keys</c> table beside the journal.</summary>
public sealed class SqliteSigningKeyStore(SqliteDatabase database) : ISigningKeyStore
{
    private readonly SqliteDatabase database = database ?? throw new ArgumentNullException(nameof(database));

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredSigningKey>> LoadAllAsync(CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (connection)
        {
            using var load = connection.CreateCommand();
            load.CommandText = """
                SELECT kid, algorithm, public_key, encrypted_private_key, created_at
                FROM signing_keys
                ORDER BY created_at, kid;
                """;
            using var reader = await load.ExecuteReaderAsync(cancellationToken);
            var keys = new List<StoredSigningKey>();
            while (await reader.ReadAsync(cancellationToken))
            {
                keys.Add(new StoredSigningKey(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetFieldValue<byte[]>(2),
                    reader.GetFieldValue<byte[]>(3),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))));
            }

            return keys;
        }
    }

    /// <inheritdoc />
    public async Task<bool> AddUnlessNewerExistsAsync(
        StoredSigningKey key,
        DateTimeOffset noneCreatedAfter,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(key.Kid, nameof(key));
        ArgumentException.ThrowIfNullOrEmpty(key.Algorithm, nameof(key));

        var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (connection)
        {
            // One statement, so SQLite's single writer makes the check and the insert atomic: of several nodes
            // starting together, exactly one adds the first key.
            using var add = connection.CreateCommand();
            add.CommandText = """
                INSERT INTO signing_keys (kid, algorithm, public_key, encrypted_private_key, created_at)
                SELECT $kid, $algorithm, $public_key, $encrypted_private_key, $created_at
                WHERE NOT EXISTS (SELECT 1 FROM signing_keys WHERE created_at > $none_created_after);
                """;
            add.Parameters.Add("$kid", SqliteType.Text).Value = key.Kid;
            add.Parameters.Add("$algorithm", SqliteType.Text).Value = key.Algorithm;
            add.Parameters.Add("$public_key", SqliteType.Blob).Value = key.PublicKey.ToArray();
            add.Parameters.Add("$encrypted_private_key", SqliteType.Blob).Value = key.EncryptedPrivateKey.ToArray();
            add.Parameters.Add("$created_at", SqliteType.Integer).Value = key.CreatedAt.ToUnixTimeMilliseconds();
            add.Parameters.Add("$none_created_after", SqliteType.Integer).Value = noneCreatedAfter.ToUnixTimeMilliseconds();
            return await add.ExecuteNonQueryAsync(cancellationToken) == 1;
        }
    }
}
