using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Cluster.InProcess;

/// <summary>Three nodes and two gateways inside the test process on one SQLite file; one cluster per test class.</summary>
public class InProcessClusterFixture : IAsyncLifetime
{
    public InProcessCluster Cluster { get; private set; } = null!;

    protected virtual Task<string?> PostgresAsync() => Task.FromResult<string?>(null);

    public async ValueTask InitializeAsync() =>
        Cluster = await InProcessCluster.StartAsync(nodes: 3, gateways: 2, postgresConnectionString: await PostgresAsync());

    public virtual async ValueTask DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>The same on PostgreSQL: a database of the class's own on the shared test server.</summary>
public sealed class PostgresInProcessClusterFixture : InProcessClusterFixture
{
    private PostgresServer? _server;
    private string _connectionString = "";

    protected override async Task<string?> PostgresAsync()
    {
        _server = await PostgresServer.SharedAsync();
        _connectionString = await _server.CreateDatabaseAsync("inprocess");
        return _connectionString;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_server is not null)
        {
            await _server.DropDatabaseAsync(_connectionString);
        }
    }
}

/// <summary>A cluster of its own for a test that stops one of its nodes.</summary>
public sealed class LeavingInProcessClusterFixture : InProcessClusterFixture;
