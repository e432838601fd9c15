using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Http;

/// <summary>The HTTP fixture with storage on PostgreSQL: a fresh database of the class's own on the shared test server.</summary>
public sealed class PostgresHttpFixture : HttpFixture
{
    private PostgresServer _server = null!;
    private string _connectionString = "";

    protected override Dictionary<string, string> Settings => new(base.Settings)
    {
        ["AUTHACTORS_STORAGE"] = "postgres",
        ["AUTHACTORS_POSTGRES"] = _connectionString,
    };

    public override async ValueTask InitializeAsync()
    {
        _server = await PostgresServer.SharedAsync();
        _connectionString = await _server.CreateDatabaseAsync("http");
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _server.DropDatabaseAsync(_connectionString);
    }
}
