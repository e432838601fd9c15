using AuthActors.TestKit;

namespace AuthActors.Gateway.Tests.Cluster.InProcess;

public sealed class InProcessLeaveTests(LeavingInProcessClusterFixture fixture) : IClassFixture<LeavingInProcessClusterFixture>
{
    private InProcessCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task A_node_that_leaves_gracefully_hands_its_shards_off_with_no_failed_request()
    {
        // Users chosen by where they live: four on the node that leaves and eight elsewhere. Twelve random ids all
        // missed it once (the leaving node may hold few shards), which left the hand-off untested.
        var leaving = Cluster.Node("node-2");
        var leaverUsers = new List<string>();
        var ids = new List<string>();
        for (var i = 0; leaverUsers.Count < 4 || ids.Count < 12; i++)
        {
            i.ShouldBeLessThan(2_000, "node-2 holds shards, so some ids land on it");
            var id = GatewayFixture.NewId($"l{i}");
            var onLeaver = await Cluster.OwnerOfAsync(id) == leaving.Name;
            if (onLeaver ? leaverUsers.Count < 4 : ids.Count - leaverUsers.Count < 8)
            {
                ids.Add(id);
                if (onLeaver)
                {
                    leaverUsers.Add(id);
                }
            }
        }

        await using (var setup = await Cluster.Gateways[0].ConnectAsync())
        {
            foreach (var id in ids)
            {
                (await setup.AskAsync($"ADD {id} pass1word")).ShouldBe($"OK added user:{id}");
            }
        }

        // Clients on both gateways keep logging in the whole time; every answer must be a success.
        using var stop = new CancellationTokenSource();
        var failures = new List<string>();
        var served = 0;
        var phase = "steady";
        var clients = Enumerable.Range(0, 4).Select(async c =>
        {
            await using var client = await Cluster.Gateways[c % 2].ConnectAsync();
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

        await Eventually.ConditionAsync(() => Volatile.Read(ref served) > 40, "clients are being served");
        Volatile.Write(ref phase, "leaving");
        await leaving.StopAsync();
        Volatile.Write(ref phase, "left");
        leaving.Host.Stopped.IsCompletedSuccessfully.ShouldBeTrue();
        await Eventually.ConditionAsync(
            async () => await Cluster.OwnersAsync() is { } owners && !owners.ContainsKey(leaving.Name) && owners.Values.Sum() == Cluster.ShardCount,
            "the leaver's shards moved to the others");
        var afterLeave = Volatile.Read(ref served);
        await Eventually.ConditionAsync(() => Volatile.Read(ref served) > afterLeave + 40, "clients are still being served");

        await stop.CancelAsync();
        await Task.WhenAll(clients);
        failures.ShouldBeEmpty(Cluster.Logs());
        foreach (var id in leaverUsers)
        {
            (await Cluster.OwnerOfAsync(id)).ShouldNotBeNull().ShouldNotBe(leaving.Name);
        }
    }
}
