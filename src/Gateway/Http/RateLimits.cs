using AuthActors.Runtime.Diagnostics;
using System.Threading.RateLimiting;
using AuthActors.Messages;
using Microsoft.Extensions.Options;

namespace AuthActors.Gateway.Http;

/// <summary>
/// The API's rate limits, from the platform's limiters: a token bucket per client address on every API request,
/// and a window per account on password attempts (which an address limit alone cannot stop when a botnet shares
/// the guessing of one password).
/// </summary>
internal sealed class RateLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string>? _perAccount;

    public RateLimits(IOptions<HttpOptions> options)
    {
        var perMinute = options.Value.PasswordAttemptsPerMinutePerAccount;
        if (perMinute > 0)
        {
            _perAccount = PartitionedRateLimiter.Create<string, string>(id => RateLimitPartition.GetFixedWindowLimiter(
                id,
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        }
    }

    /// <summary>The policy name of the per-address limit, applied to the API's endpoints.</summary>
    public const string PerAddressPolicy = "per-address";

    /// <summary>Adds the per-address limiter, answering 429 with Retry-After as a problem.</summary>
    public static void AddPerAddress(IServiceCollection services, HttpOptions options)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(PerAddressPolicy, context => options.RequestsPerSecondPerAddress <= 0
                ? RateLimitPartition.GetNoLimiter("unlimited")
                : RateLimitPartition.GetTokenBucketLimiter(ClientAddress.Of(context), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = Math.Max(options.BurstPerAddress, options.RequestsPerSecondPerAddress),
                    TokensPerPeriod = options.RequestsPerSecondPerAddress,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                }));
            limiter.OnRejected = (rejected, cancellationToken) =>
            {
                AuthActorsMeter.Refused("rate-limit");
                var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
                return new ValueTask(Problems.RateLimited(wait).ExecuteAsync(rejected.HttpContext));
            };
        });
    }

    /// <summary>
    /// Takes one password attempt for the account; the 429 to answer when its budget is spent. In device mode an
    /// attempt that carries a device token is not counted here: the account's own budget would let anyone who knows
    /// the user name lock its owner's devices out, which device mode exists to prevent. The user's entity checks the
    /// token and spends that device's budget, or the untrusted one for a forged token.
    /// </summary>
    public IResult? TakePasswordAttempt(string userId, LockoutMode mode = LockoutMode.Account, string? deviceToken = null)
    {
        if (_perAccount is null || (mode == LockoutMode.Device && DeviceTokenFormat.LooksLikeOne(deviceToken)))
        {
            return null;
        }

        using var lease = _perAccount.AttemptAcquire(userId);
        if (!lease.IsAcquired)
        {
            AuthActorsMeter.Refused("rate-limit");
        }

        return lease.IsAcquired ? null : Problems.RateLimited(lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1));
    }

    public void Dispose() => _perAccount?.Dispose();
}
