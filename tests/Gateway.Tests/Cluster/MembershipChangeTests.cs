using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Cluster;

/// <summary>A cluster of its own: the test stops one node and starts another.</summary>
public sealed class MembershipChangeClusterFixture : ClusterFixture;

public sealed class MembershipChangeTests(MembershipChangeClusterFixture cluster) : IClassFixture<MembershipChangeClusterFixture>
{
    [Fact]
    public async Task A_graceful_leave_and_a_join_move_shards_with_no_failed_request()
    {
        var ids = Enumerable.Range(0, 12).Select(i => GatewayFixture.NewId($"m{i}")).ToList();
        await using (var setup = await cluster.ConnectAsync())
        {
            await setup.ReadLineAsync();
            foreach (var id in ids)
            {
                (await setup.AskAsync($"ADD {id} pass1word")).ShouldBe($"OK added user:{id}");
            }
        }

        // Clients keep logging in the whole time; every answer must be a success.
        using var stop = new CancellationTokenSource();
        var failures = new List<string>();
        var served = 0;
        var phase = "steady";
        var clients = Enumerable.Range(0, 3).Select(async c =>
        {
            await using var client = await cluster.ConnectAsync();
            await client.ReadLineAsync();
            for (var i = c; !stop.IsCancellationRequested; i++)
            {
                var answer = await client.AskAsync($"LOGIN {ids[i % ids.Count]} pass1word");
                if (answer != "OK logged in")
                {
                    lock (failures)
                    {
                        failures.Add($"{Volatile.Read(ref phase)}: {answer ?? "(closed)"}");
                    }
                }

                Interlocked.Increment(ref served);
            }
        }).ToList();

        await Eventually.ConditionAsync(() => Volatile.Read(ref served) > 30, "clients are being served");
        var leaving = cluster.Nodes[1];
        Volatile.Write(ref phase, "leaving");
        (await leaving.StopAsync()).ShouldBe(0);
        Volatile.Write(ref phase, "left");
        await Eventually.ConditionAsync(async () => !(await cluster.OwnersAsync()).ContainsKey(leaving.Name), "the leaver's shards moved");

        var before = Volatile.Read(ref served);
        Volatile.Write(ref phase, "joining");
        await using var joining = await NodeProcess.StartAsync("node-4", cluster.DataDirectory, cluster.Settings);
        Volatile.Write(ref phase, "joined");
        await Eventually.ConditionAsync(async () => (await cluster.OwnersAsync()).ContainsKey("node-4"), "the new node took shards");
        await Eventually.ConditionAsync(() => Volatile.Read(ref served) > before + 30, "clients are still being served");

        await stop.CancelAsync();
        await Task.WhenAll(clients);
        failures.ShouldBeEmpty();
    }
}
