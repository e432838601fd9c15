using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Cluster;

/// <summary>A cluster of its own: the test freezes one of its nodes.</summary>
public sealed class SplitBrainClusterFixture : ClusterFixture;

/// <summary>The same on PostgreSQL.</summary>
public sealed class PostgresSplitBrainClusterFixture : PostgresClusterFixture;

/// <summary>The split-brain suite on SQLite.</summary>
public sealed class SqliteSplitBrainTests(SplitBrainClusterFixture cluster) : SplitBrainTests<SplitBrainClusterFixture>(cluster);

/// <summary>The split-brain suite on PostgreSQL.</summary>
public sealed class PostgresSplitBrainTests(PostgresSplitBrainClusterFixture cluster) : SplitBrainTests<PostgresSplitBrainClusterFixture>(cluster);

public abstract class SplitBrainTests<TFixture>(TFixture cluster) : IClassFixture<TFixture>
    where TFixture : ClusterFixture
{
    [Fact]
    public async Task A_frozen_owner_that_wakes_after_losing_its_shards_cannot_fork_a_history_and_stops()
    {
        var id = GatewayFixture.NewId("split");
        await using var client = await cluster.ConnectAsync();
        await client.ReadLineAsync();
        (await client.AskAsync($"ADD {id} pass1word")).ShouldBe($"OK added user:{id}");
        var staleName = await cluster.OwnerOfAsync(id);
        var stale = cluster.Nodes.Single(n => n.Name == staleName);

        // A request reaches the owner, which freezes before it can answer: the second owner-to-be does not know. It
        // is frozen outside a database write: on SQLite, frozen inside one it would hold every process up.
        for (var attempt = 1; ; attempt++)
        {
            await stale.PauseAsync();
            if (await cluster.DatabaseWritableAsync() || attempt == 20)
            {
                break;
            }

            await stale.ResumeAsync();
        }

        await using var stuck = await cluster.ConnectAsync();
        await stuck.ReadLineAsync();
        await stuck.SendLineAsync($"LOGIN {id} wrong-while-frozen");

        // The others see the frozen node down and take its shards; the user is served by the new owner.
        await Eventually.ConditionAsync(async () => await cluster.OwnerOfAsync(id) is { } owner && owner != staleName, "the shard moved");
        string? answer = null;
        await Eventually.ConditionAsync(
            async () => (answer = await client.AskAsync($"LOGIN {id} wrong1")) is not null && !answer.StartsWith("ERR 503", StringComparison.Ordinal),
            "the new owner serves the user");
        answer.ShouldBe("ERR 401 wrong id or password");
        (await client.AskAsync($"LOGIN {id} pass1word")).ShouldBe("OK logged in");

        // The frozen node wakes up believing it still owns the shard: its write is fenced out, and it stops itself.
        // Either its fenced write fails (503: the attempt did not count), or it learns first that the shard moved and
        // answers ShardNotHere without running, and the gateway delivers the attempt to the new owner, which counts it
        // once, after the others. Both are safe; a fork is not.
        await stale.ResumeAsync();
        var late = (await stuck.ReadLineAsync()).ShouldNotBeNull();
        (await stale.ExitedAsync().WaitAsync(Eventually.DefaultDeadline, TestContext.Current.CancellationToken)).ShouldBe(0);

        // One history: registration, the new owner's failure and success, and the frozen attempt only if the new
        // owner ran it.
        string[] served = ["user.registered.v1", "user.login-failed.v1", "user.login-succeeded.v1"];
        if (late.StartsWith("ERR 503", StringComparison.Ordinal))
        {
            (await cluster.HistoryOfAsync(id)).ShouldBe(served);
        }
        else
        {
            late.ShouldBe("ERR 401 wrong id or password");
            (await cluster.HistoryOfAsync(id)).ShouldBe([.. served, "user.login-failed.v1"]);
        }

        (await client.AskAsync($"LOGIN {id} pass1word")).ShouldBe("OK logged in");
    }
}
