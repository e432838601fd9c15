using System.Globalization;

namespace AuthActors.Gateway.Tests.Fuzzing;

/// <summary>
/// How long each fuzz target runs: a few seconds in the test suite (<c>AUTHACTORS_FUZZ_SECONDS</c>, default 12, about
/// a minute for all targets), longer from the command line for a deeper search. Seeds are fixed per target: a failure
/// names the seed and the input, and replays.
/// </summary>
internal static class FuzzBudget
{
    public static TimeSpan PerTarget =>
        TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("AUTHACTORS_FUZZ_SECONDS"), CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? seconds : 12);

    /// <summary>Runs <paramref name="iteration"/> with consecutive case numbers until the budget is spent; returns the count.</summary>
    public static async Task<int> RunAsync(Func<int, Task> iteration)
    {
        var until = DateTime.UtcNow + PerTarget;
        var cases = 0;
        while (DateTime.UtcNow < until)
        {
            await iteration(cases);
            cases++;
        }

        return cases;
    }

    /// <summary>The last lines a process wrote, for a failure message.</summary>
    public static string Tail(string output) => output.Length <= 4000 ? output : output[^4000..];

    /// <summary>An input shown readably in a failure message.</summary>
    public static string Show(byte[] input) => Convert.ToHexString(input.AsSpan(0, Math.Min(input.Length, 256)));
}
