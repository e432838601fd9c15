namespace AuthActors.Runtime.Cluster;

/// <summary>The argument checks every membership and lease store makes before it touches the database.</summary>
internal static class ClusterArguments
{
    public static void ValidateJoin(string node, string address)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        ArgumentException.ThrowIfNullOrEmpty(address);
    }

    public static void ValidateDuration(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, "must not be negative");
        }
    }

    public static void ValidateLease(string region, int shard)
    {
        ArgumentException.ThrowIfNullOrEmpty(region);
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
    }
}
