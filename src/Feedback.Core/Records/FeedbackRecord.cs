namespace Feedback.Core.Records;

/// <summary>One piece of player feedback as it arrived from a source, after mapping to the product's shape.</summary>
/// <param name="Id">The source's own id of the message (unique within the source).</param>
/// <param name="Source">The source name, e.g. <c>discord</c>, <c>twitch</c>, <c>api</c>.</param>
/// <param name="ReceivedAt">When the player sent it.</param>
/// <param name="Text">The feedback text, normalised (see <see cref="FeedbackText.Normalize"/>).</param>
/// <param name="Label">The MR label when the row is annotated; null for unlabelled feedback.</param>
/// <param name="Metadata">Source-specific facts kept for lineage (channel, author, ...).</param>
public sealed record FeedbackRecord(
    string Id,
    string Source,
    DateTimeOffset ReceivedAt,
    string Text,
    string? Label,
    IReadOnlyDictionary<string, string>? Metadata = null)
{
    /// <summary>Whether the record carries an MR label.</summary>
    public bool IsLabelled => Label is not null;

    /// <summary>The de-duplication key: the same text (up to case and spacing) with the same label is the same record.</summary>
    public string ContentKey => FeedbackText.ContentKey(Text, Label);
}
