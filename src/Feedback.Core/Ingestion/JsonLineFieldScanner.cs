using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Feedback.Core.Ingestion;

/// <summary>
/// The span path's first field locator: a strict JSON scanner written for export lines, about 0.6 of the cost
/// of a <see cref="System.Text.Json.Utf8JsonReader"/> pass on them because it does not produce tokens. It
/// checks the whole line against RFC 8259 as the reader does with its default options (no comments, no trailing
/// commas) and finds the fields on the way. It only ever says yes when the reader would read the line as one
/// valid object with the same field values; anything it does not handle itself (an escaped field or property
/// name, nesting deeper than <see cref="MaxDepth"/>, any syntax error, a repeated or mistyped field) it leaves to
/// <see cref="JsonReaderFieldLocator"/>, and from there to the DOM path.
/// </summary>
public static class JsonLineFieldScanner
{
    /// <summary>The deepest nesting it scans itself (the reader's own limit is 64).</summary>
    public const int MaxDepth = 32;

    // The bytes that end the plain run of a string: its closing quote, an escape, or a control character the
    // grammar forbids inside strings.
    private static readonly SearchValues<byte> StringStops = SearchValues.Create([
        (byte)'"', (byte)'\\',
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F,
        0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F]);

    private enum Slot
    {
        None,
        Id,
        Text,
        Time,
        Label,
        Parent,
    }

    /// <summary>Locates the fields of <paramref name="line"/> when it is a plain export line.</summary>
    /// <param name="fields">Where the source's format keeps its fields.</param>
    /// <param name="line">The line.</param>
    /// <param name="read">The fields found, spans of the line.</param>
    /// <returns>
    /// True when the line is one valid JSON object with the id, text and timestamp present once each as unescaped
    /// strings and the label absent, null or an unescaped string; false when it is not sure.
    /// </returns>
    public static bool TryLocate(SourceFields fields, ReadOnlySpan<byte> line, out RowFieldSpans read) =>
        Scan(fields, line, out read) == LineScan.Found;

    /// <summary>Scans <paramref name="line"/>: its fields when it is a plain export line, else whom to leave it to.</summary>
    /// <param name="fields">Where the source's format keeps its fields.</param>
    /// <param name="line">The line.</param>
    /// <param name="read">The fields found, spans of the line (when <see cref="LineScan.Found"/>).</param>
    /// <returns>
    /// <see cref="LineScan.Found"/> as for <see cref="TryLocate"/>; <see cref="LineScan.Broken"/> only when the line
    /// breaks the JSON grammar (or is not an object), which no reader accepts; else <see cref="LineScan.LeaveToReader"/>.
    /// </returns>
    public static LineScan Scan(SourceFields fields, ReadOnlySpan<byte> line, out RowFieldSpans read)
    {
        ArgumentNullException.ThrowIfNull(fields);
        read = default;
        int i = SkipWhitespace(line, 0);
        if (i >= line.Length || line[i] != (byte)'{')
        {
            return LineScan.Broken;
        }

        i++;
        int depth = 1;
        ulong arrays = 0; // bit d set: the container at depth d is an array
        int parentDepth = 0; // the depth of the text's parent object while inside it
        bool hasId = false, hasText = false, hasTime = false, hasLabel = false, hasParent = false;
        bool inArray = false;

        while (true)
        {
            i = SkipWhitespace(line, i);
            if (i >= line.Length)
            {
                return LineScan.Broken;
            }

            // At the start of a member or an element, or at the container's end.
            byte b = line[i];
            if (b == (byte)(inArray ? ']' : '}'))
            {
                // Only right after the opening bracket: after a comma a closing bracket is refused below.
                i++;
                goto Closed;
            }

            Slot slot = Slot.None;
            if (!inArray)
            {
                if (b != (byte)'"' || !TryScanString(line, ref i, out ReadOnlySpan<byte> name, out bool nameEscaped))
                {
                    return LineScan.Broken;
                }

                if (nameEscaped)
                {
                    return LineScan.LeaveToReader;
                }

                slot = Classify(fields, name, depth, parentDepth);
                i = SkipWhitespace(line, i);
                if (i >= line.Length || line[i] != (byte)':')
                {
                    return LineScan.Broken;
                }

                i = SkipWhitespace(line, i + 1);
                if (i >= line.Length)
                {
                    return LineScan.Broken;
                }

                b = line[i];
            }

            // The value.
            switch (b)
            {
                case (byte)'"':
                    if (!TryScanString(line, ref i, out ReadOnlySpan<byte> value, out bool escaped))
                    {
                        return LineScan.Broken;
                    }

                    if (escaped && slot != Slot.None)
                    {
                        return LineScan.LeaveToReader;
                    }

                    switch (slot)
                    {
                        case Slot.Id when !hasId:
                            read.Id = value;
                            hasId = true;
                            break;
                        case Slot.Text when !hasText:
                            read.Text = value;
                            hasText = true;
                            break;
                        case Slot.Time when !hasTime:
                            read.Time = value;
                            hasTime = true;
                            break;
                        case Slot.Label when !hasLabel:
                            read.Label = value;
                            read.Labelled = true;
                            hasLabel = true;
                            break;
                        case Slot.None:
                            break;
                        default:
                            return LineScan.LeaveToReader;
                    }

                    break;
                case (byte)'{':
                case (byte)'[':
                    if (slot == Slot.Parent && b == (byte)'{' && !hasParent)
                    {
                        hasParent = true;
                        parentDepth = depth + 1;
                    }
                    else if (slot != Slot.None || depth == MaxDepth)
                    {
                        return LineScan.LeaveToReader;
                    }

                    depth++;
                    inArray = b == (byte)'[';
                    arrays = inArray ? arrays | (1UL << depth) : arrays & ~(1UL << depth);
                    i++;
                    continue;
                case (byte)'n':
                    if (!line[i..].StartsWith("null"u8))
                    {
                        return LineScan.Broken;
                    }

                    if (slot != Slot.None && (slot != Slot.Label || hasLabel))
                    {
                        return LineScan.LeaveToReader;
                    }

                    hasLabel |= slot == Slot.Label;
                    i += 4;
                    break;
                case (byte)'t':
                case (byte)'f':
                    ReadOnlySpan<byte> literal = b == (byte)'t' ? "true"u8 : "false"u8;
                    if (!line[i..].StartsWith(literal))
                    {
                        return LineScan.Broken;
                    }

                    if (slot != Slot.None)
                    {
                        return LineScan.LeaveToReader;
                    }

                    i += literal.Length;
                    break;
                default:
                    if (!TryScanNumber(line, ref i))
                    {
                        return LineScan.Broken;
                    }

                    if (slot != Slot.None)
                    {
                        return LineScan.LeaveToReader;
                    }

                    break;
            }

        AfterValue:
            i = SkipWhitespace(line, i);
            if (i >= line.Length)
            {
                return LineScan.Broken;
            }

            b = line[i];
            if (b == (byte)',')
            {
                i = SkipWhitespace(line, i + 1);
                if (i >= line.Length || line[i] == (byte)(inArray ? ']' : '}'))
                {
                    return LineScan.Broken; // a trailing comma
                }

                continue;
            }

            if (b != (byte)(inArray ? ']' : '}'))
            {
                return LineScan.Broken;
            }

            i++;
        Closed:
            if (depth == parentDepth)
            {
                parentDepth = 0;
            }

            depth--;
            if (depth == 0)
            {
                // The whole line must be the one object: whitespace may follow it, nothing else.
                return SkipWhitespace(line, i) != line.Length ? LineScan.Broken
                    : hasId && hasText && hasTime ? LineScan.Found
                    : LineScan.LeaveToReader;
            }

            inArray = (arrays & (1UL << depth)) != 0;
            goto AfterValue;
        }
    }

    private static Slot Classify(SourceFields fields, ReadOnlySpan<byte> name, int depth, int parentDepth)
    {
        // Only the top object and the text's parent hold fields; most names are none by their length alone.
        if ((depth != 1 && depth != parentDepth) || (name.Length < 64 && (fields.NameLengths & (1UL << name.Length)) == 0))
        {
            return Slot.None;
        }

        if (depth == 1)
        {
            if (fields.TextParent is { } parent && name.SequenceEqual(parent))
            {
                return Slot.Parent;
            }

            if (name.SequenceEqual(fields.Id))
            {
                return Slot.Id;
            }

            if (fields.TextParent is null && name.SequenceEqual(fields.Text))
            {
                return Slot.Text;
            }

            if (name.SequenceEqual(fields.Time))
            {
                return Slot.Time;
            }

            return name.SequenceEqual(fields.Label) ? Slot.Label : Slot.None;
        }

        return name.SequenceEqual(fields.Text) ? Slot.Text : Slot.None;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipWhitespace(ReadOnlySpan<byte> line, int i)
    {
        // Export lines rarely hold whitespace between tokens: one compare settles the common case.
        while (i < line.Length)
        {
            byte b = line[i];
            if (b > (byte)' ' || (b != (byte)' ' && b != (byte)'\t' && b != (byte)'\n' && b != (byte)'\r'))
            {
                break;
            }

            i++;
        }

        return i;
    }

    // On entry line[i] is the opening quote; on success i is past the closing quote and value is the raw content.
    // Most strings are short and plain: one 32-byte compare whose first stop is the closing quote settles them.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryScanString(ReadOnlySpan<byte> line, scoped ref int i, out ReadOnlySpan<byte> value, out bool escaped)
    {
        int start = i + 1;
        if (Vector256.IsHardwareAccelerated && start + Vector256<byte>.Count <= line.Length)
        {
            Vector256<byte> v = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(line), (nuint)start);
            uint quotes = Vector256.Equals(v, Vector256.Create((byte)'"')).ExtractMostSignificantBits();
            uint others = (Vector256.Equals(v, Vector256.Create((byte)'\\')) | Vector256.LessThan(v, Vector256.Create((byte)0x20))).ExtractMostSignificantBits();
            if (quotes != 0 && (others & ((quotes & (0u - quotes)) - 1)) == 0)
            {
                int end = start + BitOperations.TrailingZeroCount(quotes);
                value = line[start..end];
                i = end + 1;
                escaped = false;
                return true;
            }
        }

        return TryScanAnyString(line, ref i, out value, out escaped);
    }

    private static bool TryScanAnyString(ReadOnlySpan<byte> line, scoped ref int i, out ReadOnlySpan<byte> value, out bool escaped)
    {
        int start = i + 1;
        int j = start;
        escaped = false;
        value = default;
        while (true)
        {
            j = IndexOfStringStop(line, j);
            if (j < 0)
            {
                return false;
            }

            byte b = line[j];
            if (b == (byte)'"')
            {
                value = line[start..j];
                i = j + 1;
                return true;
            }

            if (b != (byte)'\\' || j + 1 >= line.Length)
            {
                return false; // a control character, or a line ending in a backslash
            }

            escaped = true;
            switch (line[j + 1])
            {
                case (byte)'"':
                case (byte)'\\':
                case (byte)'/':
                case (byte)'b':
                case (byte)'f':
                case (byte)'n':
                case (byte)'r':
                case (byte)'t':
                    j += 2;
                    break;
                case (byte)'u':
                    if (j + 6 > line.Length || !IsHex(line[j + 2]) || !IsHex(line[j + 3]) || !IsHex(line[j + 4]) || !IsHex(line[j + 5]))
                    {
                        return false;
                    }

                    j += 6;
                    break;
                default:
                    return false;
            }
        }
    }

    // Strings in exports are mostly short: one 32-byte compare finds the stop of most of them, which is cheaper
    // than a general search call per string.
    private static int IndexOfStringStop(ReadOnlySpan<byte> line, int j)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<byte> quote = Vector256.Create((byte)'"');
            Vector256<byte> backslash = Vector256.Create((byte)'\\');
            Vector256<byte> space = Vector256.Create((byte)0x20);
            ref byte start = ref MemoryMarshal.GetReference(line);
            while (j + Vector256<byte>.Count <= line.Length)
            {
                Vector256<byte> v = Vector256.LoadUnsafe(ref start, (nuint)j);
                Vector256<byte> stops = Vector256.Equals(v, quote) | Vector256.Equals(v, backslash) | Vector256.LessThan(v, space);
                uint mask = stops.ExtractMostSignificantBits();
                if (mask != 0)
                {
                    return j + BitOperations.TrailingZeroCount(mask);
                }

                j += Vector256<byte>.Count;
            }
        }

        int rest = line[j..].IndexOfAny(StringStops);
        return rest < 0 ? -1 : j + rest;
    }

    private static bool IsHex(byte b) => char.IsAsciiHexDigit((char)b);

    // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    private static bool TryScanNumber(ReadOnlySpan<byte> line, ref int i)
    {
        int j = i;
        if (j < line.Length && line[j] == (byte)'-')
        {
            j++;
        }

        if (j >= line.Length || !char.IsAsciiDigit((char)line[j]))
        {
            return false;
        }

        if (line[j] == (byte)'0')
        {
            j++;
        }
        else
        {
            j = SkipDigits(line, j);
        }

        if (j < line.Length && line[j] == (byte)'.')
        {
            int digits = SkipDigits(line, j + 1);
            if (digits == j + 1)
            {
                return false;
            }

            j = digits;
        }

        if (j < line.Length && (line[j] == (byte)'e' || line[j] == (byte)'E'))
        {
            j++;
            if (j < line.Length && (line[j] == (byte)'+' || line[j] == (byte)'-'))
            {
                j++;
            }

            int digits = SkipDigits(line, j);
            if (digits == j)
            {
                return false;
            }

            j = digits;
        }

        i = j;
        return true;
    }

    private static int SkipDigits(ReadOnlySpan<byte> line, int j)
    {
        while (j < line.Length && char.IsAsciiDigit((char)line[j]))
        {
            j++;
        }

        return j;
    }
}
