namespace AuthActors.Bench;

/// <summary>How long each scenario warms up and then measures.</summary>
internal sealed record Timing(TimeSpan WarmUp, TimeSpan Measure)
{
    public double Seconds => Measure.TotalSeconds;
}
