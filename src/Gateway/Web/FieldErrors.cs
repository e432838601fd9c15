namespace AuthActors.Gateway.Web;

/// <summary>A form's broken rules by field, each shown as its own message next to its field.</summary>
internal sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _byField = new(StringComparer.Ordinal);

    /// <summary>True when any rule is broken.</summary>
    public bool Any => _byField.Count > 0;

    /// <summary>Records one broken rule of <paramref name="field"/>.</summary>
    public void Add(string field, string message)
    {
        if (!_byField.TryGetValue(field, out var messages))
        {
            _byField[field] = messages = [];
        }

        messages.Add(message);
    }

    /// <summary>The field's messages, one list item each, referenced by the input's <c>aria-describedby</c>.</summary>
    public Html For(string field) => _byField.TryGetValue(field, out var messages)
        ? Html.Of($"<ul class=\"field-errors\" id=\"{field}-errors\">{Html.Join(messages.Select(m => Html.Of($"<li>{m}</li>")))}</ul>")
        : Html.Empty;

    /// <summary>The attribute that marks an input as holding broken rules.</summary>
    public Html Invalid(string field) => Html.When(_byField.ContainsKey(field), Html.Of($" aria-invalid=\"true\""));
}
