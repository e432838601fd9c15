namespace AuthActors.Runtime.Configuration;

/// <summary>State shared by a document and the files it includes: the one root tree and the chain of open includes.</summary>
internal sealed class ParseSession(SourcePosition rootPosition)
{
    public RawObject Root { get; } = new(rootPosition);

    public List<string> IncludeChain { get; } = [];
}
