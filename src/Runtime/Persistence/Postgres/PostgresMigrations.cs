using Npgsql;

namespace AuthActors.Runtime.Persistence.Postgres;

/// <summary>Versioned schema changes, applied in order and recorded in <c>schema_version</c>, as on SQLite.</summary>
internal static class PostgresMigrations
{
    // Any constant will do, as long as nothing else in the database takes the same advisory lock.
    private const long MigrationLockKey = 0x41757468_41637472; // "AuthActr"

    // Index + 1 is the version. Append new steps; never edit one that has shipped.
    private static readonly string[] Steps =
    [
        // Version 1: the journal and snapshot tables, shaped like Akka.Persistence.Sql's and like the SQLite ones.
        // An identity column never reuses a value: projections tail by ordering.
        """
        CREATE TABLE event_journal (
            ordering       BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            persistence_id TEXT        NOT NULL,
            sequence_nr    BIGINT      NOT NULL,
            manifest       TEXT        NOT NULL,
            payload        BYTEA       NOT NULL,
            timestamp      TIMESTAMPTZ NOT NULL, -- millisecond precision, as on SQLite
            tags           TEXT        NOT NULL, -- ';'-joined, '' when none
            CONSTRAINT event_journal_writer_sequence_nr UNIQUE (persistence_id, sequence_nr)
        );
        CREATE TABLE snapshot_store (
            persistence_id TEXT        NOT NULL,
            sequence_nr    BIGINT      NOT NULL,
            manifest       TEXT        NOT NULL,
            payload        BYTEA       NOT NULL,
            timestamp      TIMESTAMPTZ NOT NULL,
            PRIMARY KEY (persistence_id, sequence_nr)
        );
        """,

        // Version 2: the token-signing keys every node shares, as on SQLite. Rows are only ever added.
        """
        CREATE TABLE signing_keys (
            kid                   TEXT        PRIMARY KEY,
            algorithm             TEXT        NOT NULL,
            public_key            BYTEA       NOT NULL, -- DER SubjectPublicKeyInfo
            encrypted_private_key BYTEA       NOT NULL, -- AES-256-GCM under the key-encryption key; never in clear
            created_at            TIMESTAMPTZ NOT NULL
        );
        """,

        // Version 3: cluster membership and shard leases, as on SQLite. Times are the server's clock (now()), never a
        // node's. An identity never hands out a value twice, so a restarted node's incarnation is always greater.
        // A released lease keeps its row (owner NULL) so that the next owner's epoch is still one greater.
        """
        CREATE TABLE members (
            incarnation  BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            node         TEXT        NOT NULL,
            address      TEXT        NOT NULL, -- host:port
            roles        TEXT        NOT NULL, -- ','-joined
            status       TEXT        NOT NULL CHECK (status IN ('joining', 'up', 'leaving', 'down', 'removed')),
            started_at   TIMESTAMPTZ NOT NULL,
            heartbeat_at TIMESTAMPTZ NOT NULL
        );
        CREATE TABLE shard_leases (
            region            TEXT        NOT NULL,
            shard             INTEGER     NOT NULL,
            owner_node        TEXT,                 -- NULL once released
            owner_incarnation BIGINT,
            epoch             BIGINT      NOT NULL, -- grows with every new owner; appends are fenced by it
            expires_at        TIMESTAMPTZ NOT NULL,
            PRIMARY KEY (region, shard)
        );
        """,

        // Version 4: the highest sequence number deleted per writer, as on SQLite.
        """
        CREATE TABLE journal_metadata (
            persistence_id TEXT   PRIMARY KEY,
            deleted_to     BIGINT NOT NULL
        );
        """,
    ];

    /// <summary>The schema version this code writes.</summary>
    public static int LatestVersion => Steps.Length;

    /// <summary>Brings the schema to <see cref="LatestVersion"/>; a no-op when it is there already.</summary>
    public static async Task ApplyAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Two processes starting together serialise here (even CREATE TABLE IF NOT EXISTS races otherwise);
        // the lock is released with the transaction, so a crashed process cannot leave it held.
        // Waiting for another process's migration is no stuck lock: it ends with that migration, so this wait alone
        // is not bounded by lock_timeout.
        await ExecuteAsync(connection, transaction, "SET LOCAL lock_timeout = 0;", cancellationToken);
        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(@key);", cancellationToken, ("key", MigrationLockKey));
        await ExecuteAsync(connection, transaction, """
            CREATE TABLE IF NOT EXISTS schema_version (
                version    INTEGER     PRIMARY KEY,
                applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
            );
            """, cancellationToken);

        await using (var read = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version;", connection, transaction))
        {
            var current = (int)(await read.ExecuteScalarAsync(cancellationToken))!;
            if (current > LatestVersion)
            {
                throw new InvalidOperationException(
                    $"the database schema is version {current}, newer than this build knows ({LatestVersion})");
            }

            for (var version = current + 1; version <= LatestVersion; version++)
            {
                await ExecuteAsync(connection, transaction, Steps[version - 1], cancellationToken);
                await ExecuteAsync(
                    connection, transaction, "INSERT INTO schema_version (version) VALUES (@version);", cancellationToken, ("version", version));
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string sql,
        CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
