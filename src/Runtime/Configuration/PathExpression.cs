using System.Text;

namespace AuthActors.Runtime.Configuration;

/// <summary>Builds a path from key or substitution pieces: dots split unquoted text, quoted text is kept whole.</summary>
internal sealed class PathExpression(SourcePosition position)
{
    private readonly List<string> _elements = [];
    private readonly StringBuilder _current = new();
    private bool _hasContent;

    public void AddLiteral(string text)
    {
        _current.Append(text);
        _hasContent = true;
    }

    public void AddUnquoted(string text)
    {
        foreach (var c in text)
        {
            if (c == '.')
            {
                CloseElement();
            }
            else
            {
                _current.Append(c);
                _hasContent = true;
            }
        }
    }

    public string[] Build()
    {
        CloseElement();
        return [.. _elements];
    }

    private void CloseElement()
    {
        // An empty element must be quoted: a..b, .a and a. are errors in the spec.
        if (!_hasContent)
        {
            throw position.Error("invalid path: an empty path element must be quoted (\"\")");
        }

        _elements.Add(_current.ToString());
        _current.Clear();
        _hasContent = false;
    }
}
