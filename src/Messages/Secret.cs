namespace AuthActors.Messages;

/// <summary>
/// A password or other secret carried in a message. Its <see cref="ToString"/> never shows the value, so a message
/// that is logged, printed by a test or put in an exception does not leak it.
/// </summary>
public sealed record Secret(string Value)
{
    /// <summary>Always the same mask, whatever the value.</summary>
    public override string ToString() => "***";

    /// <summary>Wraps a plain string.</summary>
    public static implicit operator Secret(string value) => new(value);
}
