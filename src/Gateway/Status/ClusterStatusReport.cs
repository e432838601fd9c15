using AuthActors.Node.Hosting;
using AuthActors.Runtime.Cluster;

namespace AuthActors.Gateway.Status;

/// <summary>One member as the status shows it.</summary>
internal sealed record MemberStatusLine(string Id, string Status, IReadOnlyList<string> Roles, int Shards, string Address);

/// <summary>
/// The members table and how many shards each member holds, read from the cluster's database: what
/// <c>cluster-status</c> prints and <c>GET /api/admin/cluster</c> answers.
/// </summary>
internal sealed record ClusterStatusReport(string Mode, IReadOnlyList<MemberStatusLine> Members, int ShardsOwned, int ShardCount)
{
    public static async Task<ClusterStatusReport> ReadAsync(NodeStorage storage, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var options = (configuration.GetSection("cluster").Get<ClusterOptions>() ?? new ClusterOptions()).Validated();
        var shardCount = configuration.GetValue("sharding:shard-count", 100);
        var mode = configuration["gateway:mode"] ?? "embedded";
        var members = await storage.Membership.ReadAsync(options.DownAfter, cancellationToken);
        var leases = await storage.ShardLeases.ReadAllAsync("user", cancellationToken);
        var held = leases.Live.GroupBy(l => l.Owner).ToDictionary(g => g.Key, g => g.Count());
        return new ClusterStatusReport(
            mode,
            [
                .. members.Members.Where(m => m.Status is not MemberStatus.Removed).Select(m => new MemberStatusLine(
                    m.Id.ToString(), m.Status.ToString().ToLowerInvariant(), [.. m.Roles], held.GetValueOrDefault(m.Id), m.Address)),
            ],
            leases.Live.Count,
            shardCount);
    }
}
