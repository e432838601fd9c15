using Microsoft.Extensions.Configuration;

namespace AuthActors.Node.Hosting;

/// <summary>Which database holds the journal and where (section <c>storage</c>).</summary>
public sealed class StorageOptions
{
    /// <summary>The backend; only <c>sqlite</c> exists so far.</summary>
    public string Kind { get; set; } = "sqlite";

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
    }
}
