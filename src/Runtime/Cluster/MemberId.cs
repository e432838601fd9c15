namespace AuthActors.Runtime.Cluster;

/// <summary>
/// One run of one node: its configured name and the incarnation the database gave it at join. A restarted node
/// joins again and gets a greater incarnation, so nothing addressed to its previous run is taken for it.
/// </summary>
/// <param name="Node">The node's configured name, stable across restarts.</param>
/// <param name="Incarnation">Assigned by the database at join; strictly greater than any earlier one.</param>
public sealed record MemberId(string Node, long Incarnation)
{
    /// <inheritdoc />
    public override string ToString() => $"{Node}#{Incarnation}";
}
