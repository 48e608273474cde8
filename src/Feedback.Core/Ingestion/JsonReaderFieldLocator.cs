using System.Text.Json;

namespace Feedback.Core.Ingestion;

/// <summary>
/// Finds a row's fields with one <see cref="Utf8JsonReader"/> pass: the span path's general locator, for the lines
/// <see cref="JsonLineFieldScanner"/> leaves (an escaped text or name, deep nesting). False when the line is not one
/// JSON object with the fields as plain strings, or a field repeats; the DOM path then decides the row.
/// </summary>
public static class JsonReaderFieldLocator
{
    /// <summary>Locates the fields of <paramref name="line"/>.</summary>
    /// <param name="fields">Where the source's format keeps its fields.</param>
    /// <param name="line">The line.</param>
    /// <param name="scratch">The worker's buffers (an escaped text is unescaped into them).</param>
    /// <param name="read">The fields found.</param>
    /// <returns>True when the line is one JSON object with the id, text and timestamp present once each.</returns>
    public static bool TryLocate(SourceFields fields, ReadOnlySpan<byte> line, RowScratch scratch, out RowFieldSpans read)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(scratch);
        read = default;
        var reader = new Utf8JsonReader(line);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            bool hasId = false, hasText = false, hasTime = false, hasLabel = false, hasParent = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (fields.TextParent is { } parent && NameIs(ref reader, parent))
                {
                    if (hasParent || !reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                    {
                        return false;
                    }

                    hasParent = true;
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (NameIs(ref reader, fields.Text))
                        {
                            if (hasText || !TryReadText(ref reader, scratch, out ReadOnlySpan<byte> nestedText))
                            {
                                return false;
                            }

                            read.Text = nestedText;
                            hasText = true;
                        }
                        else
                        {
                            reader.Read();
                            reader.Skip();
                        }
                    }
                }
                else if (NameIs(ref reader, fields.Id))
                {
                    if (hasId || !TryReadPlainString(ref reader, out ReadOnlySpan<byte> id))
                    {
                        return false;
                    }

                    read.Id = id;
                    hasId = true;
                }
                else if (fields.TextParent is null && NameIs(ref reader, fields.Text))
                {
                    if (hasText || !TryReadText(ref reader, scratch, out ReadOnlySpan<byte> text))
                    {
                        return false;
                    }

                    read.Text = text;
                    hasText = true;
                }
                else if (NameIs(ref reader, fields.Time))
                {
                    if (hasTime || !TryReadPlainString(ref reader, out ReadOnlySpan<byte> time))
                    {
                        return false;
                    }

                    read.Time = time;
                    hasTime = true;
                }
                else if (NameIs(ref reader, fields.Label))
                {
                    if (hasLabel || !reader.Read())
                    {
                        return false;
                    }

                    hasLabel = true;
                    if (reader.TokenType != JsonTokenType.Null)
                    {
                        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped)
                        {
                            return false;
                        }

                        read.Label = reader.ValueSpan;
                        read.Labelled = true;
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            // The whole line must be one JSON object: anything after it is broken JSON, for the slow path to word.
            return hasId && hasText && hasTime && reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0 && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool NameIs(scoped ref Utf8JsonReader reader, byte[] name) =>
        reader.ValueIsEscaped ? reader.ValueTextEquals(name) : reader.ValueSpan.SequenceEqual(name);

    private static bool TryReadPlainString(scoped ref Utf8JsonReader reader, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!reader.Read() || reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped)
        {
            return false;
        }

        value = reader.ValueSpan;
        return true;
    }

    private static bool TryReadText(scoped ref Utf8JsonReader reader, RowScratch scratch, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!reader.Read() || reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        if (!reader.ValueIsEscaped)
        {
            value = reader.ValueSpan;
            return true;
        }

        return TryCopyText(ref reader, scratch, out value);
    }

    /// <summary>Unescapes the reader's current string into the worker's text buffer; false for escapes that are not text.</summary>
    /// <param name="reader">A reader on a string token.</param>
    /// <param name="scratch">The worker's buffers.</param>
    /// <param name="value">The unescaped string.</param>
    internal static bool TryCopyText(scoped ref Utf8JsonReader reader, RowScratch scratch, out ReadOnlySpan<byte> value)
    {
        // Escapes that are not text (a lone surrogate) make CopyString throw; the slow path words those.
        byte[] buffer = scratch.EnsureText(reader.ValueSpan.Length);
        try
        {
            value = buffer.AsSpan(0, reader.CopyString(buffer));
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default;
            return false;
        }
    }
}
