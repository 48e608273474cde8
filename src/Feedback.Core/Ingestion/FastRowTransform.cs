using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Feedback.Core.Mr;
using Feedback.Core.Records;

namespace Feedback.Core.Ingestion;

/// <summary>
/// The span path of the row transform: one <see cref="Utf8JsonReader"/> pass over the line, the fields read
/// as UTF-8 spans, ASCII text normalised byte by byte, the label checked by <see cref="MrSpanValidator"/> and
/// the content key hashed from a reused buffer. It only accepts: any row it is not sure of (a shape problem,
/// a non-ASCII text, an escaped id, an unusual timestamp, a duplicate property, an invalid label) it leaves
/// to <see cref="SourceRowTransform"/>, which decides it and words the reason. So both paths give the same
/// outcome for every row, and the span path decides the common row without allocating.
/// </summary>
public static class FastRowTransform
{
    private const int MaxLabelChars = 512;

    private static readonly bool[] AsciiWhiteSpace = [.. Enumerable.Range(0, 128).Select(c => char.IsWhiteSpace((char)c))];

    private static readonly bool[] AsciiControl = [.. Enumerable.Range(0, 128).Select(c => char.IsControl((char)c))];

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

        if (!TryParseTime(read.Time, out DateTimeOffset receivedAt))
        {
            return false;
        }

        ReadOnlySpan<byte> text;
        ReadOnlySpan<char> unicode = default;
        if (System.Text.Ascii.IsValid(read.Text) ? !TryNormalizeAscii(read.Text, scratch, out text) : !TryNormalizeUnicode(read.Text, scratch, out text, out unicode))
        {
            return false;
        }

        DialogueAct act = default;
        if (read.Labelled && !IsValidLabel(read.Label, out act))
        {
            return false;
        }

        ReadOnlySpan<byte> key = unicode.IsEmpty ? ContentKey(text, read.Label, scratch) : ContentKey(unicode, read.Label, scratch);
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

    /// <summary>
    /// <see cref="FeedbackText.Normalize"/> for ASCII text: ASCII is its own NFKC form, so only the control
    /// and white-space rules apply. An empty or too-long result is left to the slow path.
    /// </summary>
    private static bool TryNormalizeAscii(ReadOnlySpan<byte> raw, RowScratch scratch, out ReadOnlySpan<byte> text)
    {
        text = default;
        if (IsPlainNormalized(raw))
        {
            text = raw;
        }
        else
        {
            byte[] buffer = scratch.EnsureNormalized(raw.Length);
            int n = 0;
            bool pendingSpace = false;
            foreach (byte b in raw)
            {
                if (AsciiWhiteSpace[b])
                {
                    pendingSpace = n > 0;
                    continue;
                }

                if (AsciiControl[b])
                {
                    continue;
                }

                if (pendingSpace)
                {
                    buffer[n++] = (byte)' ';
                    pendingSpace = false;
                }

                buffer[n++] = b;
            }

            text = buffer.AsSpan(0, n);
        }

        return text.Length is > 0 and <= FeedbackText.MaxLength;
    }

    /// <summary><see cref="FeedbackText.Normalize"/> over spans, for text beyond ASCII: NFKC, then the control and white-space rules.</summary>
    private static bool TryNormalizeUnicode(ReadOnlySpan<byte> raw, RowScratch scratch, out ReadOnlySpan<byte> text, out ReadOnlySpan<char> chars)
    {
        text = default;
        chars = default;
        char[] decoded = scratch.EnsureChars(raw.Length);
        if (Utf8.ToUtf16(raw, decoded, out _, out int length, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        ReadOnlySpan<char> source = decoded.AsSpan(0, length);
        if (!source.IsNormalized(NormalizationForm.FormKC))
        {
            // NFKC rarely more than triples a text; a text it grows further is left to the slow path.
            char[] normalized = scratch.EnsureNfkc((length * 3) + 16);
            if (!source.TryNormalize(normalized, out int written, NormalizationForm.FormKC))
            {
                return false;
            }

            source = normalized.AsSpan(0, written);
        }

        char[] clean = scratch.EnsureClean(source.Length);
        int n = 0;
        bool pendingSpace = false;
        foreach (char c in source)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = n > 0;
                continue;
            }

            if (char.IsControl(c) || c is '\u200B' or '\uFEFF')
            {
                continue;
            }

            if (pendingSpace)
            {
                clean[n++] = ' ';
                pendingSpace = false;
            }

            clean[n++] = c;
        }

        if (n is 0 or > FeedbackText.MaxLength)
        {
            return false;
        }

        chars = clean.AsSpan(0, n);
        byte[] utf8 = scratch.EnsureNormalized(n * 3);
        if (Utf8.FromUtf16(chars, utf8, out _, out int bytes, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        text = utf8.AsSpan(0, bytes);
        return true;
    }

    private static bool IsPlainNormalized(ReadOnlySpan<byte> raw)
    {
        if (raw.Length == 0 || raw[0] == ' ' || raw[^1] == ' ' || raw.ContainsAnyExceptInRange((byte)' ', (byte)'~'))
        {
            return false;
        }

        return raw.IndexOf("  "u8) < 0;
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

    /// <summary><see cref="FeedbackText.ContentKeyOfNormalized"/> over bytes: SHA-256 of the lower-cased text, U+001F and the label.</summary>
    private static ReadOnlySpan<byte> ContentKey(ReadOnlySpan<byte> text, ReadOnlySpan<byte> label, RowScratch scratch)
    {
        int length = text.Length + 1 + label.Length;
        Span<byte> material = scratch.EnsureMaterial(length).AsSpan(0, length);
        System.Text.Ascii.ToLower(text, material, out _);
        material[text.Length] = 0x1F;
        label.CopyTo(material[(text.Length + 1)..]);
        return Hash(material, scratch);
    }

    private static ReadOnlySpan<byte> Hash(ReadOnlySpan<byte> material, RowScratch scratch)
    {
        Span<byte> hash = stackalloc byte[32];
        Sha256Native.HashData(material, hash);
        byte[] key = scratch.Key;
        for (int i = 0; i < 16; i++)
        {
            key[2 * i] = (byte)"0123456789abcdef"[hash[i] >> 4];
            key[(2 * i) + 1] = (byte)"0123456789abcdef"[hash[i] & 0xF];
        }

        return key;
    }

    /// <summary>The content key of a text beyond ASCII: lower-cased by the invariant culture as chars, then as UTF-8.</summary>
    private static ReadOnlySpan<byte> ContentKey(ReadOnlySpan<char> text, ReadOnlySpan<byte> label, RowScratch scratch)
    {
        char[] lower = scratch.EnsureNfkc(text.Length);
        text.ToLowerInvariant(lower);
        int length = (text.Length * 3) + 1 + label.Length;
        Span<byte> material = scratch.EnsureMaterial(length).AsSpan(0, length);
        Utf8.FromUtf16(lower.AsSpan(0, text.Length), material, out _, out int written);
        material[written++] = 0x1F;
        label.CopyTo(material[written..]);
        return Hash(material[..(written + label.Length)], scratch);
    }

    /// <summary>The strict ISO 8601 form exports use (<c>yyyy-MM-ddTHH:mm:ss[.f{1,7}](Z|±HH:mm)</c>); anything else goes to the slow path's parser.</summary>
    private static bool TryParseTime(ReadOnlySpan<byte> s, out DateTimeOffset value)
    {
        value = default;
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':'
            || !Digits(s.Slice(0, 4), out int year) || !Digits(s.Slice(5, 2), out int month) || !Digits(s.Slice(8, 2), out int day)
            || !Digits(s.Slice(11, 2), out int hour) || !Digits(s.Slice(14, 2), out int minute) || !Digits(s.Slice(17, 2), out int second))
        {
            return false;
        }

        int pos = 19;
        long ticks = 0;
        if (s[pos] == '.')
        {
            int start = ++pos;
            while (pos < s.Length && char.IsAsciiDigit((char)s[pos]))
            {
                ticks = (ticks * 10) + (s[pos++] - '0');
            }

            int digits = pos - start;
            if (digits is 0 or > 7)
            {
                return false;
            }

            for (int i = digits; i < 7; i++)
            {
                ticks *= 10;
            }
        }

        int offsetMinutes;
        if (pos == s.Length - 1 && s[pos] == 'Z')
        {
            offsetMinutes = 0;
        }
        else if (pos == s.Length - 6 && s[pos] is (byte)'+' or (byte)'-' && s[pos + 3] == ':'
            && Digits(s.Slice(pos + 1, 2), out int offsetHours) && Digits(s.Slice(pos + 4, 2), out int offsetMinute) && offsetMinute < 60)
        {
            offsetMinutes = ((offsetHours * 60) + offsetMinute) * (s[pos] == '-' ? -1 : 1);
        }
        else
        {
            return false;
        }

        if (year is < 1000 or > 9998 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59 || Math.Abs(offsetMinutes) > 14 * 60)
        {
            return false;
        }

        value = new DateTimeOffset(new DateTime(year, month, day, hour, minute, second).AddTicks(ticks), TimeSpan.FromMinutes(offsetMinutes));
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, out int value)
    {
        value = 0;
        foreach (byte b in s)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
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
