using System.Globalization;
using AuthActors.Runtime.Security;
using Microsoft.Data.Sqlite;

namespace AuthActors.Runtime.Persistence.Sqlite;

/// <summary>One SQLite database file: opens connections configured for durability and keeps its schema current.</summary>
public sealed class SqliteDatabase
{
    private const int SafetyNetCheckpointPages = 16_384;

    private readonly string connectionString;
    private readonly string unpooledConnectionString;
    private readonly string connectionPragmas;

    private SqliteDatabase(SqliteStorageOptions options)
    {
        Options = options;
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = options.DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Microsoft.Data.Sqlite retries a busy statement until the command timeout; keep it in step with busy_timeout.
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString();

        // The journal writer keeps one connection for its lifetime, so a pool gives it nothing; and a connection
        // that failed mid-transaction must be closed for good, never handed to the next reader.
        unpooledConnectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();

        // busy_timeout comes first so that switching to WAL waits for a concurrent opener instead of failing.
        // synchronous=FULL because durable means on disk: in WAL mode NORMAL survives a killed process
        // but can lose the last commits on power loss, and a journal must never forget an acknowledged event.
        // wal_autocheckpoint is only a safety net (a 64 MiB log): the journal's WalCheckpointer does the copying off
        // the writer's thread. At SQLite's default of 1,000 pages the committing writer checkpointed every few
        // batches under load, rewriting the same hot index pages each time.
        connectionPragmas = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA wal_autocheckpoint = {SafetyNetCheckpointPages};");
    }

    /// <summary>The validated options this database was opened with; <c>DatabasePath</c> is absolute.</summary>
    public SqliteStorageOptions Options { get; }

    /// <summary>
    /// Opens the database at <see cref="SqliteStorageOptions.DatabasePath"/>, creating the file and its directory
    /// when missing, and applies pending schema migrations. Safe to run from several processes at once.
    /// </summary>
    public static async Task<SqliteDatabase> OpenAsync(SqliteStorageOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var database = new SqliteDatabase(options.Validated());
        var directory = Path.GetDirectoryName(database.Options.DatabasePath);
        if (!string.IsNullOrEmpty(directory))
        {
            PrivateFiles.CreateDirectory(directory);
        }

        // Created owner-only before SQLite opens it: SQLite gives the -wal and -shm files the database file's mode,
        // and would otherwise create all three by the umask (0644: the journal readable by every local user).
        PrivateFiles.EnsureFile(database.Options.DatabasePath);

        var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (connection)
        {
            SqliteMigrations.Apply(connection);
        }

        return database;
    }

    /// <summary>Opens a connection in WAL mode with <c>synchronous=FULL</c>, the busy timeout and foreign keys on.</summary>
    public async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            Configure(connection);
            return connection;
        }
        catch (Exception failure)
        {
            await connection.DisposeAsync();
            if (SqliteFailures.Classify(failure) is StorageUnavailableException unavailable)
            {
                throw unavailable;
            }

            throw;
        }
    }

    /// <summary>A connection configured as <see cref="OpenConnectionAsync"/> does, outside the pool, for the journal writer.</summary>
    internal SqliteConnection OpenWriterConnection()
    {
        var connection = new SqliteConnection(unpooledConnectionString);
        try
        {
            connection.Open();
            Configure(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void Configure(SqliteConnection connection)
    {
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = connectionPragmas;
        pragmas.ExecuteNonQuery();

        // WAL lets readers run beside the one writer. SQLite silently keeps the old mode where WAL is
        // impossible (some network file systems), so check rather than run with weaker guarantees.
        using var walMode = connection.CreateCommand();
        walMode.CommandText = "PRAGMA journal_mode = WAL;";
        var mode = walMode.ExecuteScalar() as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"SQLite database '{Options.DatabasePath}' cannot use WAL mode (journal_mode is '{mode}')");
        }
    }
}
