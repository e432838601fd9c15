using System.Net;
using AuthActors.Gateway.Tcp;
using IPNetwork = System.Net.IPNetwork;

namespace AuthActors.Gateway.Tests.Abuse;

/// <summary>The password bucket's partitions: an IPv4 address each, an IPv6 /64 each, exempt networks none.</summary>
public sealed class PasswordBucketTests
{
    [Fact]
    public void Ipv6_addresses_in_one_64_share_a_bucket_and_the_next_64_has_its_own()
    {
        using var attempts = new PasswordAttemptsPerAddress(
            new TcpLoginOptions { PasswordAttemptsPerSecondPerAddress = 1, PasswordBurstPerAddress = 2 }, [IPNetwork.Parse("::1/128")]);

        attempts.Refusal("2001:db8:0:7::1").ShouldBeNull();
        attempts.Refusal("2001:db8:0:7::2").ShouldBeNull();
        attempts.Refusal("2001:db8:0:7:ffff::3").ShouldStartWith("ERR 429");
        attempts.Refusal("2001:db8:0:8::1").ShouldBeNull();
        attempts.Refusal("::1").ShouldBeNull();
        PasswordAttemptsPerAddress.Group(IPAddress.Parse("2001:db8:0:7:1:2:3:4")).ShouldBe(IPAddress.Parse("2001:db8:0:7::"));
    }
}
