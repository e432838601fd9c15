using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Cluster;

/// <summary>A cluster of its own: the test kills one of its nodes.</summary>
public sealed class FailoverClusterFixture : ClusterFixture;

/// <summary>A cluster of its own on PostgreSQL: the test kills one of its nodes.</summary>
public sealed class PostgresFailoverClusterFixture : PostgresClusterFixture;

/// <summary>The failover suite on SQLite.</summary>
public sealed class SqliteFailoverTests(FailoverClusterFixture cluster) : FailoverTests<FailoverClusterFixture>(cluster);

/// <summary>The failover suite on PostgreSQL.</summary>
public sealed class PostgresFailoverTests(PostgresFailoverClusterFixture cluster) : FailoverTests<PostgresFailoverClusterFixture>(cluster);

public abstract class FailoverTests<TFixture>(TFixture cluster) : IClassFixture<TFixture>
    where TFixture : ClusterFixture
{
    private static async Task<string?> AskAsync(LineClient client, string line) => await client.AskAsync(line);

    [Fact]
    public async Task Killing_a_node_moves_its_shards_and_its_users_keep_every_acknowledged_change()
    {
        await using var client = await cluster.ConnectAsync();
        await client.ReadLineAsync();
        var ids = Enumerable.Range(0, 18).Select(i => GatewayFixture.NewId($"k{i}")).ToList();
        foreach (var id in ids)
        {
            (await AskAsync(client, $"ADD {id} pass1word")).ShouldBe($"OK added user:{id}");
            (await AskAsync(client, $"UPDATE {id} pass1word pass2word")).ShouldBe("OK password updated");
            (await AskAsync(client, $"LOGIN {id} wrong1")).ShouldBe("ERR 401 wrong id or password");
        }

        var victimName = await cluster.OwnerOfAsync(ids[0]);
        var victim = cluster.Nodes.Single(n => n.Name == victimName);
        await victim.KillAsync();

        foreach (var id in ids)
        {
            string? answer = null;
            await Eventually.ConditionAsync(
                async () => (answer = await AskAsync(client, $"LOGIN {id} pass2word")) is not null && !answer.StartsWith("ERR 503", StringComparison.Ordinal),
                $"{id} served again after the kill");
            answer.ShouldBe("OK logged in");
        }

        // Shards without users here move at the survivors' next rounds; none stays with the dead node.
        await Eventually.ConditionAsync(async () => !(await cluster.OwnersAsync()).ContainsKey(victimName!), "every shard left the dead node");
    }
}
