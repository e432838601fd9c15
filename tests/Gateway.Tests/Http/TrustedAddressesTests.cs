using System.Net;
using AuthActors.Gateway.Http;
using Microsoft.Extensions.Configuration;

namespace AuthActors.Gateway.Tests.Http;

public sealed class TrustedAddressesTests
{
    private static TrustedAddresses Read(params (string Key, string? Value)[] settings) =>
        TrustedAddresses.Read(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());

    [Fact]
    public void A_list_and_a_comma_separated_value_both_give_addresses_and_ranges()
    {
        Read(("gateway:http:trusted-proxies:0", "10.0.0.5"), ("gateway:http:trusted-proxies:1", "10.1.0.0/16")).Proxies
            .Select(n => n.ToString()).ShouldBe(["10.0.0.5/32", "10.1.0.0/16"]);
        Read(("gateway:http:trusted-proxies", " 10.0.0.5, ::1 ")).Proxies
            .Select(n => n.ToString()).ShouldBe(["10.0.0.5/32", "::1/128"]);
    }

    [Fact]
    public void A_bad_entry_stops_the_start_naming_the_setting()
    {
        Should.Throw<InvalidOperationException>(() => Read(("gateway:http:metrics-allowed", "10.0.0.0/8, proxy.internal")))
            .Message.ShouldStartWith("gateway.http.metrics-allowed: 'proxy.internal'");
    }

    [Fact]
    public void Metrics_are_for_loopback_by_default_and_for_the_listed_ranges()
    {
        var defaults = Read();
        defaults.Proxies.ShouldBeEmpty();
        defaults.MayReadMetrics(IPAddress.Loopback).ShouldBeTrue();
        defaults.MayReadMetrics(IPAddress.Parse("::ffff:127.0.0.1")).ShouldBeTrue();
        defaults.MayReadMetrics(IPAddress.Parse("10.0.0.9")).ShouldBeFalse();
        defaults.MayReadMetrics(null).ShouldBeFalse();
        Read(("gateway:http:metrics-allowed", "10.0.0.0/8")).MayReadMetrics(IPAddress.Parse("10.0.0.9")).ShouldBeTrue();
    }
}
