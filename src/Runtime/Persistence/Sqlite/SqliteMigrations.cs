using Microsoft.Data.Sqlite;

namespace AuthActors.Runtime.Persistence.Sqlite;

/// <summary>Versioned schema changes, applied in order and recorded in <c>schema_version</c>.</summary>
internal static class SqliteMigrations
{
    // Index + 1 is the version. Append new steps; never edit one that has shipped.
    private static readonly string[] Steps =
    [
        // Version 1: the journal and snapshot tables, shaped like Akka.Persistence.Sql's.
        // AUTOINCREMENT so that an ordering is never reused, even after deletes: projections tail by it.
        """
        CREATE TABLE event_journal (
            ordering       INTEGER PRIMARY KEY AUTOINCREMENT,
            persistence_id TEXT    NOT NULL,
            sequence_nr    INTEGER NOT NULL,
            manifest       TEXT    NOT NULL,
            payload        BLOB    NOT NULL,
            timestamp      INTEGER NOT NULL, -- unix milliseconds
            tags           TEXT    NOT NULL, -- ';'-joined, '' when none
            UNIQUE (persistence_id, sequence_nr)
        );
        CREATE TABLE snapshot_store (
            persistence_id TEXT    NOT NULL,
            sequence_nr    INTEGER NOT NULL,
            manifest       TEXT    NOT NULL,
            payload        BLOB    NOT NULL,
            timestamp      INTEGER NOT NULL, -- unix milliseconds
            PRIMARY KEY (persistence_id, sequence_nr)
        );
        """,

        // Version 2: the token-signing keys all nodes share. Rows are only added; the private key is encrypted
        // by the node (AES-GCM under a key from configuration), so the database alone cannot sign.
        """
        CREATE TABLE signing_keys (
            kid                   TEXT    PRIMARY KEY,
            algorithm             TEXT    NOT NULL, -- JWS alg, e.g. ES256
            public_key            BLOB    NOT NULL, -- DER SubjectPublicKeyInfo
            encrypted_private_key BLOB    NOT NULL,
            created_at            INTEGER NOT NULL  -- unix milliseconds; the newest key signs
        );
        CREATE INDEX signing_keys_by_created_at ON signing_keys (created_at);
        """,

        // Version 3: cluster membership and shard leases. Times are SQLite's clock (one machine) in unix milliseconds.
        // AUTOINCREMENT makes the incarnation grow forever, even after old rows are deleted: a restart is always new.
        // A released lease keeps its row (owner NULL) so that the next owner's epoch is still one greater.
        """
        CREATE TABLE members (
            incarnation  INTEGER PRIMARY KEY AUTOINCREMENT,
            node         TEXT    NOT NULL,
            address      TEXT    NOT NULL, -- host:port
            roles        TEXT    NOT NULL, -- ','-joined
            status       TEXT    NOT NULL CHECK (status IN ('joining', 'up', 'leaving', 'down', 'removed')),
            started_at   INTEGER NOT NULL,
            heartbeat_at INTEGER NOT NULL
        );
        CREATE TABLE shard_leases (
            region            TEXT    NOT NULL,
            shard             INTEGER NOT NULL,
            owner_node        TEXT,             -- NULL once released
            owner_incarnation INTEGER,
            epoch             INTEGER NOT NULL, -- grows with every new owner; appends are fenced by it
            expires_at        INTEGER NOT NULL,
            PRIMARY KEY (region, shard)
        );
        """,

        // Version 4: the highest sequence number deleted per writer, so that deleting a writer's events never lets it
        // reuse a number (Akka.Persistence's delete semantics).
        """
        CREATE TABLE journal_metadata (
            persistence_id TEXT    PRIMARY KEY,
            deleted_to     INTEGER NOT NULL
        );
        """,
    ];

    /// <summary>The schema version this code writes.</summary>
    public static int LatestVersion => Steps.Length;

    /// <summary>Brings the schema to <see cref="LatestVersion"/>; a no-op when it is there already.</summary>
    public static void Apply(SqliteConnection connection)
    {
        // deferred: false issues BEGIN IMMEDIATE: the write lock is taken before reading the version, so two
        // processes starting together serialise here and the second finds the work done.
        using var transaction = connection.BeginTransaction(deferred: false);
        Execute(connection, transaction, """
            CREATE TABLE IF NOT EXISTS schema_version (
                version    INTEGER PRIMARY KEY,
                applied_at INTEGER NOT NULL -- unix seconds, for people reading the table
            );
            """);

        var current = ReadVersion(connection, transaction);
        if (current > LatestVersion)
        {
            throw new InvalidOperationException(
                $"the database schema is version {current}, newer than this build knows ({LatestVersion})");
        }

        for (var version = current + 1; version <= LatestVersion; version++)
        {
            Execute(connection, transaction, Steps[version - 1]);
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText =
                "INSERT INTO schema_version (version, applied_at) VALUES ($version, CAST(strftime('%s', 'now') AS INTEGER));";
            record.Parameters.AddWithValue("$version", version);
            record.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static int ReadVersion(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version;";
        return checked((int)(long)read.ExecuteScalar()!);
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
