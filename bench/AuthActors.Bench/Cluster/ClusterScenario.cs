using System.Diagnostics;
using System.Globalization;
using AuthActors.Bench.Logins;
using AuthActors.Bench.Reporting;
using AuthActors.TestKit;

namespace AuthActors.Bench.Cluster;

/// <summary>
/// The cluster's figures: routed requests/s for a cheap query (no hashing) through a gateway in cluster mode with 1
/// node and with 3 nodes, in the same run; failover time from kill -9 of a node to the first successful login of a
/// user whose shard lived there (median of 3); rebalance time when a fourth node joins.
/// </summary>
internal static class ClusterScenario
{
    private const int Users = 64;

    public static async Task<int> RunAsync(Timing timing, int clients, bool build)
    {
        if (build)
        {
            Console.Error.WriteLine("cluster: building the gateway and node in Release");
            await GatewayBuild.RunAsync();
        }

        var routed = new Dictionary<int, double>();
        foreach (var nodes in new[] { 1, 3 })
        {
            Console.Error.WriteLine($"cluster: {nodes} node(s), {clients} TCP clients asking whether their user exists");
            await using var cluster = await LocalCluster.StartAsync(nodes);
            routed[nodes] = await RoutedRateAsync(cluster, clients, timing);
        }

        Console.Error.WriteLine("cluster: failover, 3 kills of a node of 3 (a fresh cluster each)");
        var failovers = new List<TimeSpan>();
        for (var round = 0; round < 3; round++)
        {
            await using var cluster = await LocalCluster.StartAsync(3);
            failovers.Add(await FailoverAsync(cluster));
        }

        Console.Error.WriteLine("cluster: rebalance when a fourth node joins");
        TimeSpan rebalance;
        await using (var cluster = await LocalCluster.StartAsync(3))
        {
            rebalance = await RebalanceAsync(cluster);
        }

        new MarkdownTable("measure", "value")
            .Row($"routed status queries/s, 1 node ({clients} TCP clients through the gateway)", routed[1].ToString("N0", CultureInfo.InvariantCulture))
            .Row($"routed status queries/s, 3 nodes", routed[3].ToString("N0", CultureInfo.InvariantCulture))
            .Row("3 nodes / 1 node", (routed[3] / routed[1]).ToString("P0", CultureInfo.InvariantCulture))
            .Row("failover: kill -9 to first successful login of a moved user (median of 3)", $"{Percentiles.Median(failovers) / 1000:N2} s (target ≤ 5 s)")
            .Row("failover, each run", string.Join(", ", failovers.Select(f => f.TotalSeconds.ToString("N2", CultureInfo.InvariantCulture) + " s")))
            .Row("rebalance: fourth node joins to all 100 shards owned with it holding its share", $"{rebalance.TotalSeconds:N2} s")
            .Print($"cluster on one machine (SQLite, {timing.Seconds:N0} s per rate after {timing.WarmUp.TotalSeconds:N0} s warm-up)");
        return 0;
    }

    // The dialog's first step asks the user's entity whether the id exists: one routed ask, no hashing, no write.
    private static async Task<double> RoutedRateAsync(LocalCluster cluster, int clients, Timing timing)
    {
        var ids = await SignUpAsync(cluster, Users);
        var done = 0L;
        var measuring = false;
        using var stop = new CancellationTokenSource();
        var loops = Enumerable.Range(0, clients).Select(async c =>
        {
            var i = c;
            while (!stop.IsCancellationRequested)
            {
                await using var client = await LineClient.ConnectAsync(cluster.Gateway.Port);
                await client.ReadLineAsync();
                var answer = await client.AskAsync(ids[i++ % ids.Count]);
                if (answer == "existing user. enter your password" && Volatile.Read(ref measuring))
                {
                    Interlocked.Increment(ref done);
                }
            }
        }).ToList();
        await Task.Delay(timing.WarmUp);
        Volatile.Write(ref measuring, true);
        var clock = Stopwatch.StartNew();
        await Task.Delay(timing.Measure);
        var counted = Interlocked.Read(ref done);
        var seconds = clock.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await Task.WhenAll(loops);
        return counted / seconds;
    }

    private static async Task<TimeSpan> FailoverAsync(LocalCluster cluster)
    {
        var ids = await SignUpAsync(cluster, 12);
        var id = ids[0];
        var victimName = await cluster.OwnerOfAsync(id);
        var victim = cluster.Nodes.Single(n => n.Name == victimName);
        await using var client = await LineClient.ConnectAsync(cluster.Gateway.Port);
        await client.ReadLineAsync();
        var clock = Stopwatch.StartNew();
        await victim.KillAsync();
        while (await client.AskAsync($"LOGIN {id} pass1word") != "OK logged in")
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException("no successful login within 60 s of the kill");
            }
        }

        return clock.Elapsed;
    }

    private static async Task<TimeSpan> RebalanceAsync(LocalCluster cluster)
    {
        var clock = Stopwatch.StartNew();
        cluster.Nodes.Add(await NodeProcess.StartAsync("node-4", cluster.DataPath, cluster.Settings));
        await cluster.WaitUntilAsync(owners => owners.Count == 4 && owners.Values.Sum() == LocalCluster.ShardCount && owners["node-4"] >= 10, TimeSpan.FromSeconds(60));
        return clock.Elapsed;
    }

    private static async Task<List<string>> SignUpAsync(LocalCluster cluster, int count)
    {
        var ids = Enumerable.Range(0, count).Select(i => $"bench-{Guid.NewGuid():N}"[..20]).ToList();
        await using var client = await LineClient.ConnectAsync(cluster.Gateway.Port);
        await client.ReadLineAsync();
        foreach (var id in ids)
        {
            var answer = await client.AskAsync($"ADD {id} pass1word");
            if (answer != $"OK added user:{id}")
            {
                throw new InvalidOperationException($"sign-up of {id} answered {answer}");
            }
        }

        return ids;
    }
}
