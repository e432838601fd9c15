using System.Globalization;

namespace AuthActors.Gateway.Tests.Fuzzing;

/// <summary>
/// How long each fuzz target runs: a few seconds in the test suite (<c>AUTHACTORS_FUZZ_SECONDS</c>, default 12, about
/// a minute for all targets); longer, with counts, from the bench (<c>fuzz --seconds N</c>). Seeds are fixed per
/// target: a failure names the seed and the exchange, and replays.
/// </summary>
internal static class FuzzBudget
{
    public static TimeSpan PerTarget =>
        TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("AUTHACTORS_FUZZ_SECONDS"), CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? seconds : 12);

    /// <summary>The last lines a process wrote, for a failure message.</summary>
    public static string Tail(string output) => output.Length <= 4000 ? output : output[^4000..];
}
