namespace AuthActors.TestKit;

/// <summary>
/// A fresh database of one fixture's own on the shared test server, and the settings that put a gateway or node on
/// it; dropped when disposed.
/// </summary>
public sealed class OwnPostgresDatabase : IAsyncDisposable
{
    private readonly PostgresServer _server;

    private OwnPostgresDatabase(PostgresServer server, string connectionString)
    {
        _server = server;
        ConnectionString = connectionString;
    }

    /// <summary>The database's connection string.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates a database named after <paramref name="purpose"/> on the shared server.</summary>
    public static async Task<OwnPostgresDatabase> CreateAsync(string purpose)
    {
        var server = await PostgresServer.SharedAsync();
        return new OwnPostgresDatabase(server, await server.CreateDatabaseAsync(purpose));
    }

    /// <summary><paramref name="settings"/> with the storage switched to this database.</summary>
    public Dictionary<string, string> StorageIn(IReadOnlyDictionary<string, string> settings) => new(settings)
    {
        ["AUTHACTORS_STORAGE"] = "postgres",
        ["AUTHACTORS_POSTGRES"] = ConnectionString,
    };

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _server.DropDatabaseAsync(ConnectionString);
}
