using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Json;

namespace Feedback.Core.Ingestion;

/// <summary>
/// The span path's first field locator: a strict JSON scanner written for export lines, about half the cost
/// of a <see cref="System.Text.Json.Utf8JsonReader"/> pass on them because it does not produce tokens. It
/// checks the whole line against RFC 8259 as the reader does with its default options (no comments, no trailing
/// commas) and finds the fields on the way. It only ever says yes when the reader would read the line as one
/// valid object with the same field values (a text with escapes found as written, <see cref="RowFieldSpans.TextEscaped"/>,
/// which <see cref="TryUnescapeText"/> reads as the reader does); anything it does not handle itself (another escaped
/// field, an escaped property name, nesting deeper than <see cref="MaxDepth"/>, any syntax error, a repeated or
/// mistyped field) it leaves to <see cref="JsonReaderFieldLocator"/>, and from there to the DOM path.
/// </summary>
public static class JsonLineFieldScanner
{
    /// <summary>The deepest nesting it scans itself (the reader's own limit is 64).</summary>
    public const int MaxDepth = 32;

    /// <summary>What <see cref="StringEnd"/> answers for a string with a control character or no end.</summary>
    private const int Broken = -1;

    /// <summary>What <see cref="StringEnd"/> answers for a string with an escape.</summary>
    private const int Escaped = -2;

    /// <summary>Lines up to this long (4 KiB) map their stops on the stack; longer ones in a pooled array.</summary>
    private const int MappedBytes = 4096;

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
    /// True when the line is one valid JSON object with the id, text and timestamp present once each as strings (the id
    /// and timestamp unescaped; a text with escapes as written, <see cref="RowFieldSpans.TextEscaped"/>) and the label
    /// absent, null or an unescaped string; false when it is not sure.
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
    public static LineScan Scan(SourceFields fields, ReadOnlySpan<byte> line, out RowFieldSpans read) =>
        Scan(fields, line, out read, out _);

    /// <summary>Scans <paramref name="line"/> as <see cref="Scan(SourceFields, ReadOnlySpan{byte}, out RowFieldSpans)"/> does, and says whether it is all ASCII.</summary>
    /// <param name="fields">Where the source's format keeps its fields.</param>
    /// <param name="line">The line.</param>
    /// <param name="read">The fields found, spans of the line (when <see cref="LineScan.Found"/>).</param>
    /// <param name="ascii">Whether every byte of the line is ASCII (so it is valid UTF-8), learnt on the scan's own pass over the bytes.</param>
    [SkipLocalsInit]
    internal static LineScan Scan(SourceFields fields, ReadOnlySpan<byte> line, out RowFieldSpans read, out bool ascii)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (line.Length <= MappedBytes)
        {
            Span<ulong> stops = stackalloc ulong[MappedBytes / 64];
            return Scan(fields, line, MapStops(line, stops, out ascii), out read);
        }

        ulong[] rented = ArrayPool<ulong>.Shared.Rent((line.Length + 63) / 64);
        try
        {
            return Scan(fields, line, MapStops(line, rented, out ascii), out read);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(rented);
        }
    }

    private static LineScan Scan(SourceFields fields, ReadOnlySpan<byte> line, scoped ReadOnlySpan<ulong> stops, out RowFieldSpans read)
    {
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
                int nameEnd = b == (byte)'"' ? StringEnd(line, stops, i) : Broken;
                if (nameEnd < 0)
                {
                    // An escaped name is the reader's to read, if the string is valid at all.
                    return nameEnd == Escaped && EscapedStringEnd(line, stops, i) >= 0 ? LineScan.LeaveToReader : LineScan.Broken;
                }

                slot = Classify(fields, line[(i + 1)..nameEnd], depth, parentDepth);
                i = SkipWhitespace(line, nameEnd + 1);
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
                    int valueEnd = StringEnd(line, stops, i);
                    bool escaped = false;
                    if (valueEnd < 0)
                    {
                        // An escaped text is found as written, for the caller to unescape; any other escaped field is
                        // left to the reader (the staged id, timestamp and label are the line's own bytes).
                        valueEnd = valueEnd == Escaped ? EscapedStringEnd(line, stops, i) : Broken;
                        if (valueEnd < 0)
                        {
                            return LineScan.Broken;
                        }

                        if (slot is not (Slot.None or Slot.Text))
                        {
                            return LineScan.LeaveToReader;
                        }

                        escaped = true;
                    }

                    ReadOnlySpan<byte> value = line[(i + 1)..valueEnd];
                    i = valueEnd + 1;

                    switch (slot)
                    {
                        case Slot.Id when !hasId:
                            read.Id = value;
                            hasId = true;
                            break;
                        case Slot.Text when !hasText:
                            read.Text = value;
                            read.TextEscaped = escaped;
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
                    i = NumberEnd(line, i);
                    if (i < 0)
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

    /// <summary>
    /// Unescapes a text the scan found as written (<see cref="RowFieldSpans.TextEscaped"/>) into the worker's buffer,
    /// with <see cref="Utf8JsonReader.CopyString(Span{byte})"/> as <see cref="JsonReaderFieldLocator"/> does; false for
    /// escapes that are not text (a lone surrogate), which the DOM path words.
    /// </summary>
    /// <param name="line">The line the text was found in.</param>
    /// <param name="read">The fields found in <paramref name="line"/>; its text is replaced by the unescaped one.</param>
    /// <param name="scratch">The worker's buffers.</param>
    public static bool TryUnescapeText(ReadOnlySpan<byte> line, ref RowFieldSpans read, RowScratch scratch)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        if (!read.TextEscaped)
        {
            return true;
        }

        // The reader reads the string token in place: the text as written and the quotes around it in the line.
        if (!line.Overlaps(read.Text, out int start) || start < 1 || start + read.Text.Length >= line.Length)
        {
            throw new ArgumentException("The text is not a string of this line.", nameof(line));
        }

        var reader = new Utf8JsonReader(line.Slice(start - 1, read.Text.Length + 2));
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.String || !JsonReaderFieldLocator.TryCopyText(ref reader, scratch, out ReadOnlySpan<byte> text))
            {
                return false;
            }

            read.Text = text;
            read.TextEscaped = false;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// Marks, one bit per byte, where a string's plain run stops: each quote, backslash and control character of the
    /// line. Made in one vector pass, it lets each string be scanned by a bit search instead of loads and compares of
    /// its own.
    /// </summary>
    private static ReadOnlySpan<ulong> MapStops(ReadOnlySpan<byte> line, Span<ulong> stops, out bool ascii)
    {
        ref byte start = ref MemoryMarshal.GetReference(line);
        int full = line.Length >> 6;
        ulong high = 0;
        for (int block = 0; block < full; block++)
        {
            stops[block] = StopBits(ref Unsafe.Add(ref start, block << 6), ref high);
        }

        if ((line.Length & 63) == 0)
        {
            ascii = high == 0;
            return stops[..full];
        }

        // The last, partial block is copied into a zeroed one, so no load reads past the line; its bits past the
        // line's end (the zeros count as control characters) are dropped.
        Span<byte> tail = stackalloc byte[64];
        tail.Clear();
        line[(full << 6)..].CopyTo(tail);
        stops[full] = StopBits(ref MemoryMarshal.GetReference(tail), ref high) & ((1UL << (line.Length & 63)) - 1);
        ascii = high == 0;
        return stops[..(full + 1)];
    }

    // The block's stop bits; the bytes with their high bit set (outside ASCII) are or-ed into high.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong StopBits(ref byte block, ref ulong high)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<byte> low = Vector256.LoadUnsafe(ref block);
            Vector256<byte> upper = Vector256.LoadUnsafe(ref block, 32);
            high |= (low | upper).ExtractMostSignificantBits();
            return Stops(low).ExtractMostSignificantBits() | ((ulong)Stops(upper).ExtractMostSignificantBits() << 32);
        }

        Vector128<byte> a = Vector128.LoadUnsafe(ref block);
        Vector128<byte> b = Vector128.LoadUnsafe(ref block, 16);
        Vector128<byte> c = Vector128.LoadUnsafe(ref block, 32);
        Vector128<byte> d = Vector128.LoadUnsafe(ref block, 48);
        high |= (a | b | c | d).ExtractMostSignificantBits();
        return Stops(a).ExtractMostSignificantBits()
            | ((ulong)Stops(b).ExtractMostSignificantBits() << 16)
            | ((ulong)Stops(c).ExtractMostSignificantBits() << 32)
            | ((ulong)Stops(d).ExtractMostSignificantBits() << 48);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Stops(Vector256<byte> v) =>
        Vector256.Equals(v, Vector256.Create((byte)'"')) | Vector256.Equals(v, Vector256.Create((byte)'\\')) | Vector256.LessThan(v, Vector256.Create((byte)0x20));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Stops(Vector128<byte> v) =>
        Vector128.Equals(v, Vector128.Create((byte)'"')) | Vector128.Equals(v, Vector128.Create((byte)'\\')) | Vector128.LessThan(v, Vector128.Create((byte)0x20));

    /// <summary>The first stop at or after <paramref name="j"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int NextStop(ReadOnlySpan<ulong> stops, int j)
    {
        int word = j >> 6;
        if (word >= stops.Length)
        {
            return -1;
        }

        ulong bits = stops[word] & (ulong.MaxValue << (j & 63));
        while (bits == 0)
        {
            if (++word == stops.Length)
            {
                return -1;
            }

            bits = stops[word];
        }

        return (word << 6) + BitOperations.TrailingZeroCount(bits);
    }

    /// <summary>
    /// The closing quote of the plain string opening at <paramref name="i"/>; <see cref="Escaped"/> when it holds an
    /// escape before its end (which <see cref="EscapedStringEnd"/> finds, if it is valid); <see cref="Broken"/> when a
    /// control character or the line's end comes first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int StringEnd(ReadOnlySpan<byte> line, scoped ReadOnlySpan<ulong> stops, int i)
    {
        int end = NextStop(stops, i + 1);
        return end < 0 ? Broken : line[end] == (byte)'"' ? end : line[end] == (byte)'\\' ? Escaped : Broken;
    }

    /// <summary>The closing quote of the string opening at <paramref name="i"/>, whatever valid escapes it holds, or <see cref="Broken"/>.</summary>
    private static int EscapedStringEnd(ReadOnlySpan<byte> line, scoped ReadOnlySpan<ulong> stops, int i)
    {
        int j = NextStop(stops, i + 1);
        while (true)
        {
            if (j < 0)
            {
                return Broken;
            }

            byte b = line[j];
            if (b == (byte)'"')
            {
                return j;
            }

            if (b != (byte)'\\' || j + 1 >= line.Length)
            {
                return Broken; // a control character, or a line ending in a backslash
            }

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
                        return Broken;
                    }

                    j += 6;
                    break;
                default:
                    return Broken;
            }

            j = NextStop(stops, j);
        }
    }

    private static bool IsHex(byte b) => char.IsAsciiHexDigit((char)b);

    // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?: the index past the number starting at i, or Broken.
    private static int NumberEnd(ReadOnlySpan<byte> line, int i)
    {
        int j = i;
        if (j < line.Length && line[j] == (byte)'-')
        {
            j++;
        }

        if (j >= line.Length || !char.IsAsciiDigit((char)line[j]))
        {
            return Broken;
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
                return Broken;
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
                return Broken;
            }

            j = digits;
        }

        return j;
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
