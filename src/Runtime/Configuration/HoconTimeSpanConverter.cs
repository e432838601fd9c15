using System.ComponentModel;
using System.Globalization;

namespace AuthActors.Runtime.Configuration;

/// <summary>A TimeSpan converter that also reads HOCON durations (<c>30s</c>, <c>5 m</c>), so options binding accepts both.</summary>
public sealed class HoconTimeSpanConverter : TimeSpanConverter
{
    private static readonly Lock RegistrationLock = new();
    private static bool _registered;

    /// <inheritdoc />
    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text ? HoconDuration.Parse(text) : base.ConvertFrom(context, culture, value);

    /// <summary>Makes this the converter for <see cref="TimeSpan"/> process-wide; safe to call any number of times from any thread.</summary>
    public static void Register()
    {
        // A lock, not a flag swap, so that no caller returns before the converter is actually in place.
        lock (RegistrationLock)
        {
            if (!_registered)
            {
                TypeDescriptor.AddAttributes(typeof(TimeSpan), new TypeConverterAttribute(typeof(HoconTimeSpanConverter)));
                _registered = true;
            }
        }
    }
}
