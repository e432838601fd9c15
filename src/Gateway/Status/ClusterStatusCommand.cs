using System.Globalization;
using AuthActors.Node.Hosting;
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
        var node = await EmbeddedNode.OpenAsync(configuration, CancellationToken.None);
        await using var storage = node.Storage;
        var report = await ClusterStatusReport.ReadAsync(storage, configuration, CancellationToken.None);

        await output.WriteLineAsync($"{"member",-32} {"status",-8} {"roles",-8} {"shards",6}  address");
        foreach (var member in report.Members)
        {
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"{member.Id,-32} {member.Status,-8} {string.Join(',', member.Roles),-8} {member.Shards,6}  {member.Address}"));
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{report.ShardsOwned} of {report.ShardCount} shards have an owner"));
        return 0;
    }
}
