namespace AuthActors.Runtime.Diagnostics;

/// <summary>
/// One condition of <c>/readyz</c>: <paramref name="Name"/> for the JSON body, and a probe that answers null when the
/// condition holds or a short reason when it does not (it may throw: that is a failure with the exception's message).
/// </summary>
public sealed record ReadinessCheck(string Name, Func<CancellationToken, Task<string?>> Probe);
