using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Http;

/// <summary>The HTTP fixture with storage on PostgreSQL: a fresh database of the class's own on the shared test server.</summary>
public sealed class PostgresHttpFixture : HttpFixture
{
    private OwnPostgresDatabase? _database;

    protected override Dictionary<string, string> Settings =>
        (_database ?? throw new InvalidOperationException("the database is created in InitializeAsync")).StorageIn(base.Settings);

    public override async ValueTask InitializeAsync()
    {
        _database = await OwnPostgresDatabase.CreateAsync("http");
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
