using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Feedback.Core.Mr;
using Feedback.Core.Records;

namespace Feedback.Core.Ingestion;

/// <summary>
/// The span path of the row transform: the line checked and its fields found as UTF-8 spans by
/// <see cref="JsonLineFieldScanner"/> (or, for the lines it leaves, one <see cref="JsonReaderFieldLocator"/> pass), the text normalised over spans (<see cref="SpanFeedbackText"/>), the label checked by
/// <see cref="MrSpanValidator"/> and the content key hashed from a reused buffer. It only accepts: any row it is
/// not sure of (a shape problem, an escaped id, timestamp or label, an unusual timestamp, a duplicate property,
/// an invalid label, an empty or too long text) it leaves
/// to <see cref="SourceRowTransform"/>, which decides it and words the reason. So both paths give the same
/// outcome for every row, and the span path decides the common row without allocating.
/// </summary>
public static class FastRowTransform
{
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

        // A broken line goes straight to the slow path: the reader would only throw on it too. A line the scan found
        // all ASCII is valid UTF-8; any other is checked before anything of it is taken.
        LineScan scan = JsonLineFieldScanner.Scan(fields, line, out RowFieldSpans read, out bool ascii);
        if (scan == LineScan.Broken || (!ascii && !Utf8.IsValid(line))
            || (scan == LineScan.LeaveToReader && !JsonReaderFieldLocator.TryLocate(fields, line, scratch, out read)))
        {
            return false;
        }

        // A text with escapes is found as written: unescaped, it may hold any character.
        bool textIsLine = scan == LineScan.Found && !read.TextEscaped;
        if (!JsonLineFieldScanner.TryUnescapeText(line, ref read, scratch))
        {
            return false;
        }

        if (!ExportTimestamp.TryParse(read.Time, scratch.Time, out int timeLength))
        {
            return false;
        }

        ReadOnlySpan<byte> text;
        ReadOnlySpan<char> unicode = default;
        // The text is a span of an ASCII line, unless it was unescaped.
        if ((ascii && textIsLine) || System.Text.Ascii.IsValid(read.Text) ? !SpanFeedbackText.TryNormalizeAscii(read.Text, scratch, out text) : !SpanFeedbackText.TryNormalizeUnicode(read.Text, scratch, out text, out unicode))
        {
            return false;
        }

        DialogueAct act = default;
        if (read.Labelled && !IsValidLabel(read.Label, scratch, out act))
        {
            return false;
        }

        ReadOnlySpan<byte> key = unicode.IsEmpty ? SpanFeedbackText.ContentKey(text, read.Label, scratch) : SpanFeedbackText.ContentKey(unicode, read.Label, scratch);
        row = new AcceptedRow(read.Id, scratch.Time.AsSpan(0, timeLength), text, read.Label, read.Labelled, act, key);
        return true;
    }

    private static bool IsValidLabel(ReadOnlySpan<byte> label, RowScratch scratch, out DialogueAct act)
    {
        if (MrSpanValidator.IsValidAscii(label, out act))
        {
            return true;
        }

        // Read as bytes, a label is refused for any byte outside ASCII; decoded, it may still be valid.
        if (label.Length > RowScratch.MaxLabelChars || System.Text.Ascii.IsValid(label))
        {
            return false;
        }

        // A buffer of the worker's, not a stackalloc: one of variable size costs a stack probe call per row.
        Span<char> chars = scratch.Label;
        return Utf8.ToUtf16(label, chars, out _, out int length, replaceInvalidSequences: false) == System.Buffers.OperationStatus.Done
            && MrSpanValidator.IsValid(chars[..length], out act);
    }
}
