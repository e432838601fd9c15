using AuthActors.TestKit;
using Microsoft.Data.Sqlite;

namespace AuthActors.Gateway.Tests.Cluster;

/// <summary>
/// Three node processes and a gateway in cluster mode, on one machine: they share a data directory (one SQLite file),
/// the pepper and the token key. Each test class gets its own cluster; tests use their own user ids.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _data = new();

    public List<NodeProcess> Nodes { get; } = [];

    public GatewayProcess Gateway { get; private set; } = null!;

    public Dictionary<string, string> Settings { get; } = new()
    {
        ["AUTHACTORS_USERS__HASHING__ITERATIONS"] = "1000",
        ["AUTHACTORS_PEPPER"] = Convert.ToBase64String(new byte[32]),
        ["AUTHACTORS_TOKEN_KEY"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
        ["AUTHACTORS_SHARDING__SHARD_COUNT"] = "30",
    };

    public string DataDirectory => _data.Path;

    public virtual async ValueTask InitializeAsync()
    {
        // The first start creates the schema and the signing key; the rest start together.
        Nodes.Add(await NodeProcess.StartAsync("node-1", _data.Path, Settings));
        Nodes.AddRange(await Task.WhenAll(NodeProcess.StartAsync("node-2", _data.Path, Settings), NodeProcess.StartAsync("node-3", _data.Path, Settings)));
        Gateway = await GatewayProcess.StartAsync(_data.Path, new Dictionary<string, string>(Settings) { ["AUTHACTORS_GATEWAY__MODE"] = "cluster" });
        await Eventually.ConditionAsync(async () => (await OwnersAsync()).Count == 3, "every node owns shards");
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }

        _data.Dispose();
        GC.SuppressFinalize(this);
    }

    public Task<LineClient> ConnectAsync() => LineClient.ConnectAsync(Gateway.Port);

    /// <summary>The live lease owners and how many shards each holds, read from the shared database.</summary>
    public async Task<Dictionary<string, int>> OwnersAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_data.Path, "authactors.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT owner_node, COUNT(*) FROM shard_leases
            WHERE owner_node IS NOT NULL AND expires_at > CAST(unixepoch('subsec') * 1000 AS INTEGER)
            GROUP BY owner_node;
            """;
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var owners = new Dictionary<string, int>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            owners[reader.GetString(0)] = reader.GetInt32(1);
        }

        return owners;
    }

    /// <summary>The node that holds the shard of <paramref name="userId"/> now.</summary>
    public async Task<string?> OwnerOfAsync(string userId)
    {
        var shard = Runtime.Sharding.ShardId.Of(userId, 30);
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_data.Path, "authactors.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT owner_node FROM shard_leases WHERE region = 'user' AND shard = $shard;";
        command.Parameters.AddWithValue("$shard", shard);
        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken) as string;
    }
}
