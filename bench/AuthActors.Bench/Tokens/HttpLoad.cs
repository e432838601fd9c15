using System.Collections.Concurrent;
using System.Diagnostics;

namespace AuthActors.Bench.Tokens;

/// <summary>
/// What the clients measured: requests that succeeded inside the window, their latencies, the errors (warm-up
/// included), and the CPU seconds the gateway, this process and the whole machine used during the window.
/// </summary>
internal sealed record HttpLoadResult(
    long Successes, IReadOnlyCollection<long> LatencyTicks, long Errors, string? FirstError, CpuSplit Cpu);

/// <summary>CPU seconds used during a measuring window; <see cref="Others"/> is what the rest of the machine took.</summary>
internal sealed record CpuSplit(double Gateway, double Bench, double Machine)
{
    public double Others => Math.Max(0, Machine - Gateway - Bench);
}

/// <summary>
/// A closed loop: each client sends its next request as soon as the last one is answered, for the warm-up then the
/// measuring time. The CPU of both processes is read when the window opens and when it closes.
/// </summary>
internal static class HttpLoad
{
    public static async Task<HttpLoadResult> RunAsync(int clients, Timing timing, int gatewayPid, Func<int, Task<ApiOutcome>> request)
    {
        var window = new MeasuringWindow(Stopwatch.StartNew(), timing);
        var cpu = SampleCpuAsync(timing, gatewayPid);
        var latencies = new ConcurrentBag<long>();
        long successes = 0;
        long errors = 0;
        string? firstError = null;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            while (!window.IsOver)
            {
                var started = Stopwatch.GetTimestamp();
                ApiOutcome outcome;
                try
                {
                    outcome = await request(client);
                }
                catch (Exception error) when (error is HttpRequestException or IOException or OperationCanceledException)
                {
                    outcome = ApiOutcome.Failed(error.Message);
                }

                var elapsed = Stopwatch.GetTimestamp() - started;
                if (!outcome.Succeeded)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, outcome.Error, null);
                }
                else if (window.IsMeasuring)
                {
                    Interlocked.Increment(ref successes);
                    latencies.Add(elapsed);
                }
            }
        })));

        return new HttpLoadResult(successes, latencies, errors, firstError, await cpu);
    }

    private static async Task<CpuSplit> SampleCpuAsync(Timing timing, int gatewayPid)
    {
        await Task.Delay(timing.WarmUp);
        var before = Sample(gatewayPid);
        await Task.Delay(timing.Measure);
        var after = Sample(gatewayPid);
        return new CpuSplit(after.Gateway - before.Gateway, after.Bench - before.Bench, after.Machine - before.Machine);
    }

    private static CpuSplit Sample(int gatewayPid) =>
        new(ProcessCpu.Seconds(gatewayPid), ProcessCpu.Seconds(Environment.ProcessId), ProcessCpu.MachineBusySeconds());
}
