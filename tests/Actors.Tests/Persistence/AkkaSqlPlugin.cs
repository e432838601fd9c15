using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Persistence.Sql;
using AuthActors.TestKit;
using Microsoft.Data.Sqlite;

namespace AuthActors.Actors.Tests.Persistence;

/// <summary>
/// Akka.Persistence.Sql, the specified plugin, on one backend: its own tables, created by the plugin
/// (auto-initialize), guarded by unique sequence numbers only.
/// </summary>
public abstract class AkkaSqlPlugin : PluginUnderTest
{
    /// <summary>The plugin's connection string.</summary>
    protected string ConnectionString { get; set; } = "";

    /// <summary>linq2db's provider name for the backend.</summary>
    protected abstract string ProviderName { get; }

    public override ActorSystemSetup Setup() => ActorSystemSetup.Create(BootstrapSetup.Create().WithConfig(
        ConfigurationFactory.ParseString($$"""
            akka.persistence.journal.plugin = "akka.persistence.journal.sql"
            akka.persistence.journal.sql {
              connection-string = "{{ConnectionString}}"
              provider-name = "{{ProviderName}}"
              auto-initialize = true
            }
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.sql"
            akka.persistence.snapshot-store.sql {
              connection-string = "{{ConnectionString}}"
              provider-name = "{{ProviderName}}"
              auto-initialize = true
            }
            """)
        .WithFallback(Common)
        .WithFallback(SqlPersistence.DefaultConfiguration)));
}

/// <summary>
/// Akka.Persistence.Sql on SQLite, in WAL mode with synchronous = FULL: the file is put in WAL mode before the plugin
/// opens it (the mode is kept in the file), and FULL is SQLite's default for a new connection.
/// </summary>
public sealed class AkkaSqlPluginOnSqlite : AkkaSqlPlugin
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "authactors-akkasql-" + Guid.NewGuid().ToString("N"));

    protected override string ProviderName => "SQLite.MS";

    public string DatabasePath => Path.Combine(_root, "journal.db");

    public override async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        ConnectionString = $"Data Source={DatabasePath}";
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var wal = connection.CreateCommand();
        wal.CommandText = "PRAGMA journal_mode = WAL;";
        await wal.ExecuteNonQueryAsync();
    }

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }

        return Task.CompletedTask;
    }
}

/// <summary>Akka.Persistence.Sql on PostgreSQL, in a fresh database of the test class's own.</summary>
public sealed class AkkaSqlPluginOnPostgres : AkkaSqlPlugin
{
    private PostgresServer? _server;

    protected override string ProviderName => "PostgreSQL.15";

    public override async Task InitializeAsync()
    {
        _server = await PostgresServer.SharedAsync();
        ConnectionString = await _server.CreateDatabaseAsync("akkasql");
    }

    public override async Task DisposeAsync()
    {
        if (_server is not null)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await _server.DropDatabaseAsync(ConnectionString);
        }
    }
}
