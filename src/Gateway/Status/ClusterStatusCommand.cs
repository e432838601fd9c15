using System.Globalization;
using AuthActors.Node.Hosting;
using AuthActors.Runtime.Cluster;
using AuthActors.Runtime.Configuration;

namespace AuthActors.Gateway.Status;

/// <summary>
/// <c>cluster-status</c>: the members table and how many shards each member holds, read from the cluster's database
/// (the same configuration and data directory as the processes).
/// </summary>
internal static class ClusterStatusCommand
{
    public static async Task<int> RunAsync(TextWriter output)
    {
        var configuration = new ConfigurationBuilder().AddAuthActorsRole("gateway").Build();
        var options = (configuration.GetSection("cluster").Get<ClusterOptions>() ?? new ClusterOptions()).Validated();
        var node = await EmbeddedNode.OpenAsync(configuration, CancellationToken.None);
        await using var storage = node.Storage;
        var members = await storage.Membership.ReadAsync(options.DownAfter, CancellationToken.None);
        var leases = await storage.ShardLeases.ReadAllAsync("user", CancellationToken.None);
        var held = leases.Live.GroupBy(l => l.Owner).ToDictionary(g => g.Key, g => g.Count());

        await output.WriteLineAsync($"{"member",-32} {"status",-8} {"roles",-8} {"shards",6}  address");
        foreach (var member in members.Members.Where(m => m.Status is not MemberStatus.Removed))
        {
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"{member.Id,-32} {member.Status.ToString().ToLowerInvariant(),-8} {string.Join(',', member.Roles),-8} {held.GetValueOrDefault(member.Id),6}  {member.Address}"));
        }

        var shardCount = configuration.GetValue("sharding:shard-count", 100);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{leases.Live.Count} of {shardCount} shards have an owner"));
        return 0;
    }
}
