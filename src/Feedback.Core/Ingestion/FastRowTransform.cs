using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Feedback.Core.Mr;
using Feedback.Core.Records;

namespace Feedback.Core.Ingestion;

/// <summary>
/// The span path of the row transform: one <see cref="Utf8JsonReader"/> pass over the line, the fields read
/// as UTF-8 spans, the text normalised over spans (<see cref="SpanFeedbackText"/>), the label checked by
/// <see cref="MrSpanValidator"/> and the content key hashed from a reused buffer. It only accepts: any row it is
/// not sure of (a shape problem, an escaped id, timestamp or label, an unusual timestamp, a duplicate property,
/// an invalid label, an empty or too long text) it leaves
/// to <see cref="SourceRowTransform"/>, which decides it and words the reason. So both paths give the same
/// outcome for every row, and the span path decides the common row without allocating.
/// </summary>
public static class FastRowTransform
{
    private const int MaxLabelChars = 512;

    /// <summary>Accepts the row when it is an ordinary, valid one; false leaves it to <see cref="SourceRowTransform"/>.</summary>
    /// <param name="fields">Where the source's format keeps its fields.</param>
    /// <param name="line">The line (not too long).</param>
    /// <param name="scratch">The worker's buffers.</param>
    /// <param name="row">The accepted row, valid until <paramref name="scratch"/> is reused.</param>
    public static bool TryAccept(SourceFields fields, ReadOnlySpan<byte> line, RowScratch scratch, out AcceptedRow row)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(scratch);
        row = default;
        if (!Utf8.IsValid(line) || !TryReadFields(fields, line, scratch, out FieldSpans read))
        {
            return false;
        }

        if (!ExportTimestamp.TryParse(read.Time, out DateTimeOffset receivedAt))
        {
            return false;
        }

        ReadOnlySpan<byte> text;
        ReadOnlySpan<char> unicode = default;
        if (System.Text.Ascii.IsValid(read.Text) ? !SpanFeedbackText.TryNormalizeAscii(read.Text, scratch, out text) : !SpanFeedbackText.TryNormalizeUnicode(read.Text, scratch, out text, out unicode))
        {
            return false;
        }

        DialogueAct act = default;
        if (read.Labelled && !IsValidLabel(read.Label, out act))
        {
            return false;
        }

        ReadOnlySpan<byte> key = unicode.IsEmpty ? SpanFeedbackText.ContentKey(text, read.Label, scratch) : SpanFeedbackText.ContentKey(unicode, read.Label, scratch);
        row = new AcceptedRow(read.Id, receivedAt, text, read.Label, read.Labelled, act, key);
        return true;
    }

    private static bool TryReadFields(SourceFields fields, ReadOnlySpan<byte> line, RowScratch scratch, out FieldSpans read)
    {
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
                            if (hasText || !TryReadText(ref reader, scratch, out read.Text))
                            {
                                return false;
                            }

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
                    if (hasId || !TryReadPlainString(ref reader, out read.Id))
                    {
                        return false;
                    }

                    hasId = true;
                }
                else if (fields.TextParent is null && NameIs(ref reader, fields.Text))
                {
                    if (hasText || !TryReadText(ref reader, scratch, out read.Text))
                    {
                        return false;
                    }

                    hasText = true;
                }
                else if (NameIs(ref reader, fields.Time))
                {
                    if (hasTime || !TryReadPlainString(ref reader, out read.Time))
                    {
                        return false;
                    }

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

        // Escapes that are not text (a lone surrogate) make CopyString throw; the slow path words those.
        byte[] buffer = scratch.EnsureText(reader.ValueSpan.Length);
        try
        {
            int written = reader.CopyString(buffer);
            value = buffer.AsSpan(0, written);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool IsValidLabel(ReadOnlySpan<byte> label, out DialogueAct act)
    {
        act = default;
        if (label.Length > MaxLabelChars)
        {
            return false;
        }

        Span<char> chars = stackalloc char[label.Length];
        return Utf8.ToUtf16(label, chars, out _, out int length, replaceInvalidSequences: false) == System.Buffers.OperationStatus.Done
            && MrSpanValidator.IsValid(chars[..length], out act);
    }

    private ref struct FieldSpans
    {
        public ReadOnlySpan<byte> Id;
        public ReadOnlySpan<byte> Text;
        public ReadOnlySpan<byte> Time;
        public ReadOnlySpan<byte> Label;
        public bool Labelled;
    }
}
