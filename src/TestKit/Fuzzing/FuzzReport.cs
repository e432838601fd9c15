namespace AuthActors.TestKit.Fuzzing;

/// <summary>
/// What one fuzz target did: how many inputs it tried, the inputs that broke a rule (each with its seed and the
/// exchange that led to it), and how often each kind of answer came back.
/// </summary>
public sealed record FuzzReport(string Target, int Inputs, IReadOnlyList<string> Failures, IReadOnlyDictionary<string, int> Answers)
{
    /// <summary>How many different kinds of answer the inputs got (the clear errors, and the successes).</summary>
    public int DistinctAnswers => Answers.Count;
}

/// <summary>Collects a target's counts while it runs.</summary>
internal sealed class FuzzTally(string target)
{
    private readonly List<string> _failures = [];
    private readonly Dictionary<string, int> _answers = new(StringComparer.Ordinal);

    public int Inputs { get; private set; }

    public void Tried() => Inputs++;

    public void Answered(string kind) => _answers[kind] = _answers.GetValueOrDefault(kind) + 1;

    // The first few are kept whole; more of the same bug add nothing.
    public void Failed(string what)
    {
        if (_failures.Count < 10)
        {
            _failures.Add(what);
        }
    }

    public FuzzReport Report() => new(target, Inputs, _failures, _answers);
}
