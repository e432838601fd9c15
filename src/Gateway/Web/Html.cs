using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;

namespace AuthActors.Gateway.Web;

/// <summary>
/// A piece of markup. Built only from an interpolated string whose holes are encoded unless they are markup
/// themselves, so user data (ids, display names, reasons) can never become tags or attributes.
/// </summary>
internal readonly struct Html
{
    private Html(string value) => Value = value;

    /// <summary>The markup.</summary>
    public string Value { get; }

    /// <summary>No markup.</summary>
    public static Html Empty { get; } = new("");

    /// <summary>Markup from a template: literals as written, every hole HTML-encoded unless it is <see cref="Html"/>.</summary>
    public static Html Of(ref HtmlBuilder template) => new(template.Build());

    /// <summary>The pieces one after the other.</summary>
    public static Html Join(IEnumerable<Html> pieces) => new(string.Concat(pieces.Select(p => p.Value)));

    /// <summary>The markup when <paramref name="condition"/> holds, else nothing.</summary>
    public static Html When(bool condition, Html markup) => condition ? markup : Empty;

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>The interpolated-string handler behind <see cref="Html.Of"/>.</summary>
[InterpolatedStringHandler]
internal ref struct HtmlBuilder
{
    private readonly StringBuilder _builder;

    public HtmlBuilder(int literalLength, int formattedCount) => _builder = new StringBuilder(literalLength + (formattedCount * 16));

    public readonly void AppendLiteral(string literal) => _builder.Append(literal);

    public readonly void AppendFormatted(Html markup) => _builder.Append(markup.Value);

    public readonly void AppendFormatted(string? text) => _builder.Append(HtmlEncoder.Default.Encode(text ?? ""));

    public readonly void AppendFormatted<T>(T value) =>
        _builder.Append(HtmlEncoder.Default.Encode(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""));

    public readonly string Build() => _builder.ToString();
}
