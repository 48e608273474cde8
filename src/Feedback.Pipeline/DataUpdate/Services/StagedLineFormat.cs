using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text.Encodings.Web;
using Feedback.Core.Ingestion;
using Feedback.Core.Mr;

namespace Feedback.Pipeline.DataUpdate;

/// <summary>
/// Writes a staged line by copying bytes, for the common row whose strings need no escaping: the same bytes
/// <see cref="System.Text.Json.Utf8JsonWriter"/> writes with <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>
/// (which bytes need escaping is asked of that encoder), a quarter of its cost. A row with any string to
/// escape is left to the writer.
/// </summary>
internal static class StagedLineFormat
{
    private static readonly SearchValues<byte> Escaped = SearchValues.Create([.. Enumerable.Range(0, 256).Select(b => (byte)b).Where(NeedsEscaping)]);

    /// <summary>
    /// The most bytes a line holds besides its values: the names, quotes and separators (83), the timestamp
    /// (33 at most), the line number (20 at most) and the closing brace and line feed (2).
    /// </summary>
    internal const int FixedBytes = 83 + 33 + 20 + 2;

    /// <summary>"00" to "99", two bytes each.</summary>
    private static ReadOnlySpan<byte> TwoDigits => "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;

    private static readonly byte[][] ActNames = [.. Enum.GetValues<DialogueAct>().Select(a => System.Text.Encoding.UTF8.GetBytes(a.WireName()))];

    /// <summary>Whether <paramref name="value"/> is written as is inside quotes.</summary>
    /// <param name="value">A UTF-8 string value.</param>
    public static bool IsVerbatim(ReadOnlySpan<byte> value) => !value.ContainsAny(Escaped);

    /// <summary>Appends <c>{"id","source","receivedAt","text"[,"label","act"],"key","line"}</c> and a line feed, or writes nothing and answers false.</summary>
    /// <param name="row">The row.</param>
    /// <param name="source">The source name as UTF-8 (verbatim).</param>
    /// <param name="lineNumber">The line number.</param>
    /// <param name="output">Where the line goes.</param>
    public static bool TryWrite(in AcceptedRow row, ReadOnlySpan<byte> source, long lineNumber, ArrayBufferWriter<byte> output)
    {
        if (!IsVerbatim(row.Id) || !IsVerbatim(row.Text) || !IsVerbatim(row.Label))
        {
            return false;
        }

        ReadOnlySpan<byte> act = row.Labelled ? ActNames[(int)row.Act] : default;
        int length = FixedBytes + row.Id.Length + source.Length + row.Text.Length + row.Label.Length + act.Length + row.ContentKey.Length;
        Span<byte> span = output.GetSpan(length);
        int n = 0;
        Put(span, ref n, "{\"id\":\""u8);
        Put(span, ref n, row.Id);
        Put(span, ref n, "\",\"source\":\""u8);
        Put(span, ref n, source);
        Put(span, ref n, "\",\"receivedAt\":\""u8);
        n += WriteTime(row.ReceivedAt, span[n..]);
        Put(span, ref n, "\",\"text\":\""u8);
        Put(span, ref n, row.Text);
        if (row.Labelled)
        {
            Put(span, ref n, "\",\"label\":\""u8);
            Put(span, ref n, row.Label);
            Put(span, ref n, "\",\"act\":\""u8);
            Put(span, ref n, act);
        }

        Put(span, ref n, "\",\"key\":\""u8);
        Put(span, ref n, row.ContentKey);
        Put(span, ref n, "\",\"line\":"u8);
        if (!Utf8Formatter.TryFormat(lineNumber, span[n..], out int digits))
        {
            throw new InvalidOperationException("The staged line outgrew the space reserved for it.");
        }

        n += digits;
        Put(span, ref n, "}\n"u8);
        output.Advance(n);
        return true;
    }

    /// <summary>
    /// The round-trip form with the fraction's trailing zeros (and an all-zero fraction) dropped, and the offset
    /// always as <c>±HH:mm</c>: how <see cref="System.Text.Json.Utf8JsonWriter"/> writes a <see cref="DateTimeOffset"/>.
    /// Written digit by digit: formatting through <see cref="DateTimeOffset.TryFormat(Span{byte}, out int, ReadOnlySpan{char}, IFormatProvider?)"/>
    /// cost several times as much per row.
    /// </summary>
    /// <param name="value">The time.</param>
    /// <param name="destination">At least 33 bytes.</param>
    /// <returns>The bytes written.</returns>
    internal static int WriteTime(DateTimeOffset value, Span<byte> destination)
    {
        DateTime local = value.DateTime;
        local.Deconstruct(out int year, out int month, out int day);
        long secondOfDay = local.Ticks / TimeSpan.TicksPerSecond % 86_400;
        int hour = (int)(secondOfDay / 3600), minute = (int)(secondOfDay / 60 % 60), second = (int)(secondOfDay % 60);
        Pair(destination, 0, year / 100);
        Pair(destination, 2, year % 100);
        destination[4] = (byte)'-';
        Pair(destination, 5, month);
        destination[7] = (byte)'-';
        Pair(destination, 8, day);
        destination[10] = (byte)'T';
        Pair(destination, 11, hour);
        destination[13] = (byte)':';
        Pair(destination, 14, minute);
        destination[16] = (byte)':';
        Pair(destination, 17, second);
        int n = 19;
        int fraction = (int)(local.Ticks % TimeSpan.TicksPerSecond);
        if (fraction != 0)
        {
            int width = 7;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                width--;
            }

            destination[n++] = (byte)'.';
            Digits(destination, n, fraction, width);
            n += width;
        }

        int offset = (int)(value.Offset.Ticks / TimeSpan.TicksPerMinute);
        destination[n++] = offset < 0 ? (byte)'-' : (byte)'+';
        offset = Math.Abs(offset);
        Pair(destination, n, offset / 60);
        destination[n + 2] = (byte)':';
        Pair(destination, n + 3, offset % 60);
        return n + 5;
    }

    /// <summary>Writes 0 to 99 as two digits.</summary>
    private static void Pair(Span<byte> destination, int at, int value)
    {
        ReadOnlySpan<byte> pair = TwoDigits.Slice(value * 2, 2);
        destination[at] = pair[0];
        destination[at + 1] = pair[1];
    }

    private static void Digits(Span<byte> destination, int at, int value, int width)
    {
        for (int i = at + width - 1; i >= at; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    private static void Put(Span<byte> span, ref int n, ReadOnlySpan<byte> value)
    {
        value.CopyTo(span[n..]);
        n += value.Length;
    }

    private static bool NeedsEscaping(byte b) =>
        b >= 0x80 || JavaScriptEncoder.UnsafeRelaxedJsonEscaping.FindFirstCharacterToEncodeUtf8([b]) >= 0;
}
