using System.Diagnostics;

namespace AuthActors.Bench;

/// <summary>
/// The warm-up then the measuring time on one clock. Work is counted when it completes inside the window, which in
/// steady state gives the true rate without stopping the workers at the boundaries.
/// </summary>
internal sealed class MeasuringWindow(Stopwatch clock, Timing timing)
{
    private readonly TimeSpan start = clock.Elapsed + timing.WarmUp;
    private readonly TimeSpan end = clock.Elapsed + timing.WarmUp + timing.Measure;

    public bool IsMeasuring => clock.Elapsed is var now && now >= start && now < end;

    public bool IsOver => clock.Elapsed >= end;

    public TimeSpan Remaining => end - clock.Elapsed;
}
