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
        Put(span, ref n, row.ReceivedAt);
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

    private static void Put(Span<byte> span, ref int n, ReadOnlySpan<byte> value)
    {
        value.CopyTo(span[n..]);
        n += value.Length;
    }

    private static bool NeedsEscaping(byte b) =>
        b >= 0x80 || JavaScriptEncoder.UnsafeRelaxedJsonEscaping.FindFirstCharacterToEncodeUtf8([b]) >= 0;
}
