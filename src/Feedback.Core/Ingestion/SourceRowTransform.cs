using System.Text.Json;
using System.Text.Unicode;
using Feedback.Core.Jsonl;
using Feedback.Core.Mr;
using Feedback.Core.Records;

namespace Feedback.Core.Ingestion;

/// <summary>
/// The transform of one source row, pure: check the bytes and the JSON, map the platform's shape,
/// normalise the text, check its length, and validate the MR label against the grammar.
/// </summary>
public static class SourceRowTransform
{
    /// <summary>Transforms one line of a source export.</summary>
    /// <param name="reader">The source's row reader.</param>
    /// <param name="source">The source name stamped on the record.</param>
    /// <param name="line">The line.</param>
    public static RowOutcome Transform(ISourceRowReader reader, string source, JsonlLine line)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (line.TooLong)
        {
            return RowOutcome.Quarantine(QuarantineReason.TooLong, "the line is longer than the reader's limit");
        }

        ReadOnlySpan<byte> bytes = line.Bytes.Span;
        if (!Utf8.IsValid(bytes))
        {
            return RowOutcome.Quarantine(QuarantineReason.InvalidUtf8, "the line is not valid UTF-8");
        }

        RawFeedback raw;
        try
        {
            // A reader pass first: on broken JSON it throws what the document's parse throws (the document is read by
            // the same reader with the same options), at about half the cost, since no document is built first.
            ThrowIfBroken(bytes);
            using JsonDocument document = JsonDocument.Parse(line.Bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return RowOutcome.Quarantine(QuarantineReason.NotAnObject, $"the line is a JSON {document.RootElement.ValueKind}, not an object");
            }

            ShapeProblem? problem = reader.Read(document.RootElement, out raw);
            if (problem is { } p)
            {
                return RowOutcome.Quarantine(p.Reason, p.Message);
            }
        }
        catch (JsonException e)
        {
            return RowOutcome.Quarantine(QuarantineReason.BrokenJson, $"broken JSON: {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            // A string escape that is not text (a lone surrogate, "\ud800") parses but cannot be read.
            return RowOutcome.Quarantine(QuarantineReason.BrokenJson, $"broken JSON: {e.Message}");
        }

        string text = FeedbackText.Normalize(raw.Text);
        if (text.Length == 0)
        {
            return RowOutcome.Quarantine(QuarantineReason.EmptyText, "the text is empty after normalisation");
        }

        if (text.Length > FeedbackText.MaxLength)
        {
            return RowOutcome.Quarantine(QuarantineReason.TooLong, $"the text has {text.Length} characters, more than {FeedbackText.MaxLength}");
        }

        string? label = null;
        DialogueAct? act = null;
        if (raw.Label is not null)
        {
            MrCheckResult check = MrCheck.Check(raw.Label);
            if (!check.IsValid)
            {
                return RowOutcome.Quarantine(QuarantineReason.InvalidMr, $"invalid MR: {check.Reason}");
            }

            // A valid MR is canonical (the validator rejects any other order) and the parser is exact,
            // so the label as written is its canonical form.
            label = raw.Label;
            act = check.Mr!.Act;
        }

        return new RowOutcome(new FeedbackRecord(raw.Id, source, raw.ReceivedAt, text, label), null, null, act, FeedbackText.ContentKeyOfNormalized(text, label));
    }

    private static void ThrowIfBroken(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
        }
    }
}
