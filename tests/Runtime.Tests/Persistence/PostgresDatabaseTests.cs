using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AuthActors.Runtime.Persistence;
using AuthActors.Runtime.Persistence.Postgres;
using Npgsql;

namespace AuthActors.Runtime.Tests.Persistence;

public sealed class PostgresDatabaseTests(PostgresStorage storage) : IClassFixture<PostgresStorage>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Connections_commit_synchronously()
    {
        await using var connection = await storage.Database.OpenConnectionAsync(Ct);

        (await ScalarAsync(connection, "SHOW synchronous_commit;")).ShouldBe("on");
    }

    [Fact]
    public async Task Opening_the_database_again_leaves_the_schema_at_the_latest_version()
    {
        var again = await storage.OpenDatabaseAsync();

        await ShouldBeAtLatestVersionAsync(again);
    }

    [Fact]
    public async Task Instances_opening_a_new_database_at_once_migrate_it_once()
    {
        var server = await TestKit.PostgresServer.SharedAsync();
        var connectionString = await server.CreateDatabaseAsync("concurrent");
        var options = new PostgresStorageOptions { ConnectionString = connectionString };
        try
        {
            var opened = await Task.WhenAll(
                    Enumerable.Range(0, 4).Select(_ => Task.Run(() => PostgresDatabase.OpenAsync(options, Ct), Ct)))
                .WaitAsync(Deadline, Ct);

            foreach (var database in opened)
            {
                await ShouldBeAtLatestVersionAsync(database);
                await database.DisposeAsync();
            }
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task Unreachable_server_fails_at_the_deadline_naming_where_but_not_the_password()
    {
        var options = new PostgresStorageOptions
        {
            ConnectionString = $"Host=127.0.0.1;Port={ClosedPort()};Database=nowhere;Username=someone;Password=s3cret-pw;Timeout=1",
            ConnectTimeout = TimeSpan.FromSeconds(1),
        };
        var clock = Stopwatch.StartNew();

        var failure = await Should.ThrowAsync<StorageUnavailableException>(
            PostgresDatabase.OpenAsync(options, Ct).WaitAsync(Deadline, Ct));

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        failure.Message.ShouldContain("127.0.0.1");
        failure.Message.ShouldContain("nowhere");
        failure.Message.ShouldNotContain("s3cret-pw");
        failure.Message.ShouldContain("attempts");
    }

    [Fact]
    public async Task Missing_connection_string_is_refused_with_the_setting_to_fix()
    {
        var failure = await Should.ThrowAsync<ArgumentException>(PostgresDatabase.OpenAsync(new PostgresStorageOptions(), Ct));

        failure.Message.ShouldContain("AUTHACTORS_POSTGRES");
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task ShouldBeAtLatestVersionAsync(PostgresDatabase database)
    {
        await using var connection = await database.OpenConnectionAsync(Ct);
        (await ScalarAsync(connection, "SELECT COUNT(*) FROM schema_version;")).ShouldBe((long)PostgresMigrations.LatestVersion);
        (await ScalarAsync(connection, "SELECT MAX(version) FROM schema_version;")).ShouldBe(PostgresMigrations.LatestVersion);
        PostgresMigrations.LatestVersion.ShouldBe(4);
        (await ScalarAsync(
                connection,
                "SELECT COUNT(*) FROM pg_tables WHERE tablename IN ('event_journal', 'snapshot_store', 'signing_keys', 'members', 'shard_leases');"))
            .ShouldBe(5L);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(Ct);
    }
}
