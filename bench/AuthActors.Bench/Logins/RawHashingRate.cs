using System.Diagnostics;
using System.Security.Cryptography;
using AuthActors.Node.Passwords;

namespace AuthActors.Bench.Logins;

/// <summary>
/// The ceiling for logins: one thread per core doing nothing but <see cref="PasswordHasher.Verify"/> with the
/// production iteration count. A login costs one verify, so no server can log users in faster than this.
/// </summary>
internal static class RawHashingRate
{
    public const int ProductionIterations = 600_000;

    /// <summary>Verifies per second over the measuring window, with <see cref="Environment.ProcessorCount"/> threads.</summary>
    public static double Measure(Timing timing)
    {
        var hasher = new PasswordHasher(ProductionIterations, RandomNumberGenerator.GetBytes(32));
        var clock = Stopwatch.StartNew();
        var window = new MeasuringWindow(clock, timing);
        var counts = new long[Environment.ProcessorCount];
        var threads = Enumerable.Range(0, counts.Length).Select(i => new Thread(() =>
        {
            var stored = hasher.Hash("bench1234x");
            while (!window.IsOver)
            {
                if (!hasher.Verify("bench1234x", stored).Matches)
                {
                    throw new InvalidOperationException("the benchmark password did not verify");
                }

                if (window.IsMeasuring)
                {
                    counts[i]++;
                }
            }
        }) { IsBackground = true, Name = $"raw-pbkdf2-{i}" }).ToArray();

        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        return counts.Sum() / timing.Seconds;
    }
}
