using Microsoft.Extensions.Configuration;

namespace AuthActors.Node.Hosting;

/// <summary>Which database holds the journal and where (section <c>storage</c>).</summary>
public sealed class StorageOptions
{
    /// <summary>The backend: <c>sqlite</c> (embedded, one machine) or <c>postgres</c> (shared by nodes on several machines).</summary>
    public string Kind { get; set; } = "sqlite";

    /// <summary>The shared backend's settings.</summary>
    public PostgresSection Postgres { get; set; } = new();

    /// <summary>The embedded backend's settings.</summary>
    public SqliteSection Sqlite { get; set; } = new();

    /// <summary>Section <c>storage.sqlite</c>.</summary>
    public sealed class SqliteSection
    {
        /// <summary>File name, relative to the data directory unless absolute.</summary>
        public string File { get; set; } = "authactors.db";

        /// <summary>Appends written in one transaction at most.</summary>
        [ConfigurationKeyName("max-batch-size")]
        public int MaxBatchSize { get; set; } = 256;

        /// <summary>How long a connection waits for a lock held by another process.</summary>
        [ConfigurationKeyName("busy-timeout")]
        public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>How often the write-ahead log is copied into the database file, beside the journal writer.</summary>
        [ConfigurationKeyName("checkpoint-interval")]
        public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMilliseconds(250);
    }

    /// <summary>Section <c>storage.postgres</c>.</summary>
    public sealed class PostgresSection
    {
        /// <summary>Npgsql connection string; AUTHACTORS_POSTGRES in deployments.</summary>
        [ConfigurationKeyName("connection-string")]
        public string ConnectionString { get; set; } = "";

        /// <summary>Appends written in one transaction at most.</summary>
        [ConfigurationKeyName("max-batch-size")]
        public int MaxBatchSize { get; set; } = 256;

        /// <summary>How long start-up keeps retrying an unreachable server before it gives up.</summary>
        [ConfigurationKeyName("connect-timeout")]
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Longest wait of a statement for a row lock (the server's lock_timeout).</summary>
        [ConfigurationKeyName("lock-timeout")]
        public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>How long a session may sit idle inside a transaction before the server ends it.</summary>
        [ConfigurationKeyName("idle-in-transaction-timeout")]
        public TimeSpan IdleInTransactionTimeout { get; set; } = TimeSpan.FromSeconds(5);
    }
}
