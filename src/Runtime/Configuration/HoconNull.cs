namespace AuthActors.Runtime.Configuration;

/// <summary>The HOCON <c>null</c> value.</summary>
public sealed class HoconNull : HoconValue
{
    /// <summary>The only instance.</summary>
    public static readonly HoconNull Instance = new();

    private HoconNull()
    {
    }

    /// <inheritdoc />
    public override HoconValueKind Kind => HoconValueKind.Null;

    /// <inheritdoc />
    public override string ToString() => "null";
}
