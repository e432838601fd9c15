using AuthActors.Gateway.Tests.Sessions.Cluster;

namespace AuthActors.Gateway.Tests.Concurrency;

/// <summary>
/// Three node processes behind two gateways, with the limits that would hide a race turned off (per-address and
/// per-account rate limits, the per-address connection cap), so that every concurrent request reaches the user's
/// entity. Five failures lock an account for ten minutes; the refresh reuse grace is five seconds.
/// </summary>
public sealed class ConcurrencyCluster : TwoGatewayCluster
{
    public const int MaxFailures = 5;

    public const int MaxSessions = 10;

    public static readonly TimeSpan ReuseGrace = TimeSpan.FromSeconds(5);

    public ConcurrencyCluster()
    {
        Settings["AUTHACTORS_USERS__LOCKOUT__MAX_FAILURES"] = MaxFailures.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Settings["AUTHACTORS_USERS__LOCKOUT__BLOCK_DURATION"] = "10m";
        Settings["AUTHACTORS_TOKENS__REFRESH__MAX_SESSIONS"] = MaxSessions.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Settings["AUTHACTORS_TOKENS__REFRESH__REUSE_GRACE"] = "5s";
        Settings["AUTHACTORS_ENTITIES__MAILBOX_CAPACITY"] = "5000";
        Settings["AUTHACTORS_ENTITIES__ASK_TIMEOUT"] = "60s";
        Settings["AUTHACTORS_CLUSTER__TRANSPORT__REQUEST_TIMEOUT"] = "60s";
        Settings["AUTHACTORS_GATEWAY__HTTP__REQUESTS_PER_SECOND_PER_ADDRESS"] = "0";
        Settings["AUTHACTORS_GATEWAY__HTTP__PASSWORD_ATTEMPTS_PER_MINUTE_PER_ACCOUNT"] = "0";
        Settings["AUTHACTORS_GATEWAY__TCP__MAX_CONNECTIONS_PER_ADDRESS"] = "1200";
    }

    protected override int NodeCount => 3;

    /// <summary>An HTTP client for gateway 0 or 1 that opens as many connections as it is asked to.</summary>
    public HttpClient Http(int gateway) => new(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue })
    {
        BaseAddress = Gateways[gateway].HttpAddress,
        Timeout = TimeSpan.FromMinutes(2),
    };
}
