using AuthActors.Runtime.Cluster;
using AuthActors.Runtime.Configuration;
using Microsoft.Extensions.Configuration;

namespace AuthActors.Runtime.Tests.Cluster;

public sealed class ClusterOptionsTests
{
    [Fact]
    public void Shared_conf_binds_the_cluster_timings_and_they_are_consistent()
    {
        var options = new ConfigurationBuilder().AddHoconFile(SharedConf()).Build().GetSection("cluster").Get<ClusterOptions>()!;

        options.HeartbeatInterval.ShouldBe(TimeSpan.FromSeconds(1));
        options.DownAfter.ShouldBe(TimeSpan.FromSeconds(3));
        options.LeaseTtl.ShouldBe(TimeSpan.FromSeconds(10));
        options.LeaseRenewEvery.ShouldBe(TimeSpan.FromSeconds(3));
        options.RemoveAfter.ShouldBe(TimeSpan.FromHours(1));
        options.Validated().ShouldBeSameAs(options);
        // Detection plus one polling interval leaves a second of the 5 s failover target for recovery and the login.
        (options.HeartbeatInterval + options.DownAfter + options.HeartbeatInterval).ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Timings_that_cannot_work_together_are_refused_naming_the_key()
    {
        Should.Throw<ArgumentException>(() => new ClusterOptions { DownAfter = TimeSpan.FromSeconds(1) }.Validated())
            .Message.ShouldContain("cluster.down-after");
        Should.Throw<ArgumentException>(() => new ClusterOptions { LeaseTtl = TimeSpan.FromSeconds(4) }.Validated())
            .Message.ShouldContain("cluster.lease-ttl");
        Should.Throw<ArgumentException>(() => new ClusterOptions { HeartbeatInterval = TimeSpan.Zero }.Validated())
            .Message.ShouldContain("cluster.heartbeat-interval");
    }

    private static string SharedConf()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "hocon", "shared.conf");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("hocon/shared.conf was not found above the test assembly");
    }
}
