namespace AuthActors.Runtime.Configuration;

/// <summary>A fully resolved, immutable HOCON value: an object, an array, a scalar or null.</summary>
public abstract class HoconValue
{
    private protected HoconValue()
    {
    }

    /// <summary>What kind of value this is.</summary>
    public abstract HoconValueKind Kind { get; }
}
