namespace Feedback.Core.Ingestion;

/// <summary>
/// Where a row's fields are in its line, as UTF-8 spans: what a field locator found before the row is decided.
/// The text may be unescaped into a worker's buffer; the other fields are always raw spans of the line.
/// </summary>
public ref struct RowFieldSpans
{
    /// <summary>The id, unescaped as written.</summary>
    public ReadOnlySpan<byte> Id { readonly get; set; }

    /// <summary>The text, unescaped (unless <see cref="TextEscaped"/>).</summary>
    public ReadOnlySpan<byte> Text { readonly get; set; }

    /// <summary>
    /// Whether <see cref="Text"/> is still the line's string as written, escapes and all: <see cref="JsonLineFieldScanner"/>
    /// finds a text with escapes that way, and <see cref="JsonLineFieldScanner.TryUnescapeText"/> unescapes it.
    /// </summary>
    public bool TextEscaped { readonly get; set; }

    /// <summary>The timestamp, unescaped as written.</summary>
    public ReadOnlySpan<byte> Time { readonly get; set; }

    /// <summary>The label, or empty when <see cref="Labelled"/> is false.</summary>
    public ReadOnlySpan<byte> Label { readonly get; set; }

    /// <summary>Whether the row has a label (a string, not null or absent).</summary>
    public bool Labelled { readonly get; set; }
}
