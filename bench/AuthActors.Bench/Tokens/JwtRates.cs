using System.Diagnostics;
using System.Security.Cryptography;

namespace AuthActors.Bench.Tokens;

/// <summary>In-process token operations per second, each on one worker per core.</summary>
internal sealed record JwtRatesResult(double Validations, double JwksValidations, double RawVerifies, double Issues);

/// <summary>
/// <see cref="Node.Tokens.AccessTokenValidator"/> validations per second and another service's validations from the
/// JWKS (<see cref="JwksResourceServer"/>) next to bare ES256 verifies of the same token with the same key (the
/// cryptographic floor of a validation), and <see cref="Node.Tokens.AccessTokenIssuer"/> issues. The four take turns
/// in slices, so a change of load on a shared machine falls on each alike.
/// </summary>
internal static class JwtRates
{
    private const int Slices = 5;

    public static async Task<JwtRatesResult> MeasureAsync(SigningFixture fixture, Timing timing)
    {
        using (var check = ECDsa.Create(fixture.PublicKey))
        {
            if (!check.VerifyData(fixture.SigningInput, fixture.Signature, HashAlgorithmName.SHA256)
                || (await fixture.Validator.ValidateAsync(fixture.Token)).Claims is null
                || !await fixture.ResourceServer.ValidateAsync(fixture.Token))
            {
                throw new InvalidOperationException("the benchmark token does not verify");
            }
        }

        long validations = 0;
        long jwksValidations = 0;
        long rawVerifies = 0;
        long issues = 0;
        for (var slice = 0; slice < Slices; slice++)
        {
            var sliceTiming = new Timing(slice == 0 ? timing.WarmUp : TimeSpan.Zero, timing.Measure / Slices);
            validations += await CountAsync(sliceTiming, () => null, async _ =>
            {
                if ((await fixture.Validator.ValidateAsync(fixture.Token)).Claims is null)
                {
                    throw new InvalidOperationException("a valid token was refused");
                }
            });
            jwksValidations += await CountAsync(sliceTiming, () => null, async _ =>
            {
                if (!await fixture.ResourceServer.ValidateAsync(fixture.Token))
                {
                    throw new InvalidOperationException("a valid token was refused by the JWKS validator");
                }
            });
            rawVerifies += await CountAsync(sliceTiming, () => ECDsa.Create(fixture.PublicKey), key =>
            {
                if (!key!.VerifyData(fixture.SigningInput, fixture.Signature, HashAlgorithmName.SHA256))
                {
                    throw new InvalidOperationException("the signature did not verify");
                }

                return ValueTask.CompletedTask;
            });
            issues += await CountAsync(sliceTiming, () => null, _ =>
            {
                fixture.Issuer.Issue("bench-user", "bench-session", ["user"]);
                return ValueTask.CompletedTask;
            });
        }

        return new JwtRatesResult(
            validations / timing.Seconds, jwksValidations / timing.Seconds, rawVerifies / timing.Seconds, issues / timing.Seconds);
    }

    // One worker per core, each with its own key object (an ECDsa instance is not promised to be thread-safe).
    private static async Task<long> CountAsync(Timing timing, Func<ECDsa?> keyPerWorker, Func<ECDsa?, ValueTask> operation)
    {
        var window = new MeasuringWindow(Stopwatch.StartNew(), timing);
        var counts = await Task.WhenAll(Enumerable.Range(0, Environment.ProcessorCount).Select(_ => Task.Run(async () =>
        {
            using var key = keyPerWorker();
            long count = 0;
            while (!window.IsOver)
            {
                await operation(key);
                if (window.IsMeasuring)
                {
                    count++;
                }
            }

            return count;
        })));
        return counts.Sum();
    }
}
