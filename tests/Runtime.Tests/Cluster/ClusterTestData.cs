using AuthActors.Runtime.Cluster;

namespace AuthActors.Runtime.Tests.Cluster;

/// <summary>Fresh node names and regions per test, so tests sharing a database never meet.</summary>
internal static class ClusterTestData
{
    public static string NewNode() => $"node-{Guid.NewGuid():N}";

    public static string NewRegion() => $"region-{Guid.NewGuid():N}";

    /// <summary>A new incarnation of <paramref name="node"/> with the role <c>node</c>, moved to up.</summary>
    public static async Task<MemberId> JoinUpAsync(IMembershipStore store, string node)
    {
        var member = await store.JoinAsync(node, "127.0.0.1:7000", ["node"], TestContext.Current.CancellationToken);
        await store.SetStatusAsync(member.Id, MemberStatus.Up, TestContext.Current.CancellationToken);
        return member.Id;
    }
}
