using System.ComponentModel;
using System.Globalization;

namespace AuthActors.Runtime.Configuration;

/// <summary>Lets configuration binding read a <see cref="ByteSize"/> from a string such as <c>4KiB</c> or a plain number of bytes.</summary>
public sealed class ByteSizeConverter : TypeConverter
{
    /// <inheritdoc />
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || sourceType == typeof(long) || sourceType == typeof(int) || base.CanConvertFrom(context, sourceType);

    /// <inheritdoc />
    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) => value switch
    {
        string text => ByteSize.Parse(text),
        long bytes => new ByteSize(bytes),
        int bytes => new ByteSize(bytes),
        _ => base.ConvertFrom(context, culture, value),
    };

    /// <inheritdoc />
    public override object? ConvertTo(ITypeDescriptorContext? context, CultureInfo? culture, object? value, Type destinationType) =>
        destinationType == typeof(string) && value is ByteSize size
            ? size.ToString()
            : base.ConvertTo(context, culture, value, destinationType);
}
