namespace AuthActors.Runtime.Configuration;

/// <summary>A resolved HOCON array.</summary>
public sealed class HoconArray : HoconValue
{
    /// <summary>Creates an array holding the given elements in order.</summary>
    public HoconArray(IEnumerable<HoconValue> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        Items = items.ToArray();
    }

    /// <inheritdoc />
    public override HoconValueKind Kind => HoconValueKind.Array;

    /// <summary>The elements in order.</summary>
    public IReadOnlyList<HoconValue> Items { get; }
}
