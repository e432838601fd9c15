using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using AuthActors.Gateway.Http;
using AuthActors.Runtime.Diagnostics;
using Microsoft.Extensions.Options;
using IPNetwork = System.Net.IPNetwork;

namespace AuthActors.Gateway.Tcp;

/// <summary>
/// A token bucket per client address on the TCP ports' password commands, shared by the login and session ports:
/// each is a hash, and one address with many connections would otherwise keep the hashing queue full so that
/// everyone else is answered "busy". IPv6 addresses share a bucket per /64, the block one subscriber usually holds.
/// </summary>
internal sealed class PasswordAttemptsPerAddress : IDisposable
{
    private const string Setting = "gateway.tcp.password-limit-exempt";

    private readonly PartitionedRateLimiter<IPAddress>? _limiter;
    private readonly IReadOnlyList<IPNetwork> _exempt;

    public PasswordAttemptsPerAddress(IOptions<TcpLoginOptions> options, IConfiguration configuration)
        : this(options.Value, TrustedAddresses.Parse(configuration.GetSection("gateway:tcp:password-limit-exempt"), Setting))
    {
    }

    public PasswordAttemptsPerAddress(TcpLoginOptions options, IReadOnlyList<IPNetwork> exempt)
    {
        _exempt = exempt;
        var perSecond = options.PasswordAttemptsPerSecondPerAddress;
        if (perSecond > 0)
        {
            _limiter = PartitionedRateLimiter.Create<IPAddress, string>(address => RateLimitPartition.GetTokenBucketLimiter(
                address.ToString(),
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = Math.Max(options.PasswordBurstPerAddress, perSecond),
                    TokensPerPeriod = perSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                }));
        }
    }

    /// <summary>Takes one password attempt for the client at <paramref name="from"/>; the <c>ERR 429</c> line to answer when its bucket is empty.</summary>
    public string? Refusal(string from)
    {
        if (_limiter is null || !IPAddress.TryParse(from, out var address))
        {
            return null;
        }

        address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        if (_exempt.Any(network => network.Contains(address)))
        {
            return null;
        }

        using var lease = _limiter.AttemptAcquire(Group(address));
        if (lease.IsAcquired)
        {
            return null;
        }

        AuthActorsMeter.Refused("rate-limit");
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"ERR 429 too many password attempts from your address; try again in {Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} s");
    }

    /// <summary>The bucket an address counts in: itself for IPv4, its /64 for IPv6.</summary>
    public static IPAddress Group(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes);
    }

    public void Dispose() => _limiter?.Dispose();
}
