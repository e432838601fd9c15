using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;

namespace AuthActors.Gateway.Http;

/// <summary>
/// The address lists of <c>gateway.http</c>: the reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are
/// believed (<c>trusted-proxies</c>), and who besides loopback may read <c>/metrics</c> (<c>metrics-allowed</c>).
/// Each entry is an address or a CIDR range; a bad one stops the start, naming the setting.
/// </summary>
internal sealed record TrustedAddresses(IReadOnlyList<IPNetwork> Proxies, IReadOnlyList<IPNetwork> MetricsReaders)
{
    /// <summary>Reads both lists from configuration.</summary>
    /// <exception cref="InvalidOperationException">An entry is neither an address nor a CIDR range.</exception>
    public static TrustedAddresses Read(IConfiguration configuration) => new(
        Parse(configuration.GetSection("gateway:http:trusted-proxies"), "gateway.http.trusted-proxies"),
        Parse(configuration.GetSection("gateway:http:metrics-allowed"), "gateway.http.metrics-allowed"));

    /// <summary>
    /// Forwarded headers from the trusted proxies only, and none at all by default: ASP.NET Core would otherwise trust
    /// loopback, and a gateway without a proxy would let any local process claim another client address.
    /// </summary>
    public void Configure(ForwardedHeadersOptions options)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in Proxies)
        {
            if (proxy.PrefixLength == MaxPrefix(proxy.BaseAddress))
            {
                options.KnownProxies.Add(proxy.BaseAddress);
            }
            else
            {
                options.KnownIPNetworks.Add(proxy);
            }
        }
    }

    /// <summary>True when the client at <paramref name="address"/> (after forwarded headers) may read the metrics.</summary>
    public bool MayReadMetrics(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return IPAddress.IsLoopback(address) || MetricsReaders.Any(network => network.Contains(address));
    }

    /// <summary>
    /// An address list setting: each entry an address or a CIDR range. A HOCON list arrives as children (key:0,
    /// key:1); an environment variable as one value, separated by commas.
    /// </summary>
    internal static IReadOnlyList<IPNetwork> Parse(IConfigurationSection section, string setting) =>
        [.. section.GetChildren().Select(child => child.Value).Append(section.Value)
            .SelectMany(value => (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(entry => ParseOne(entry, setting))];

    private static IPNetwork ParseOne(string entry, string setting)
    {
        if (IPAddress.TryParse(entry, out var address) && !entry.Contains('/', StringComparison.Ordinal))
        {
            return new IPNetwork(address, MaxPrefix(address));
        }

        return IPNetwork.TryParse(entry, out var network)
            ? network
            : throw new InvalidOperationException($"{setting}: '{entry}' is neither an IP address nor a CIDR range (10.0.0.0/8)");
    }

    private static int MaxPrefix(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
}
