namespace AuthActors.Runtime.Configuration;

/// <summary>A resolved string, number or boolean, kept in the string form it was written in.</summary>
public sealed class HoconScalar : HoconValue
{
    /// <summary>Creates a scalar; <paramref name="kind"/> must be String, Number or Boolean.</summary>
    public HoconScalar(HoconValueKind kind, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (kind is not (HoconValueKind.String or HoconValueKind.Number or HoconValueKind.Boolean))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "A scalar is a string, a number or a boolean.");
        }

        Kind = kind;
        Text = text;
    }

    /// <inheritdoc />
    public override HoconValueKind Kind { get; }

    /// <summary>The value as written (numbers keep their original digits, e.g. <c>42.10</c>).</summary>
    public string Text { get; }

    /// <summary>Creates a string scalar.</summary>
    public static HoconScalar String(string text) => new(HoconValueKind.String, text);

    /// <inheritdoc />
    public override string ToString() => Text;
}
