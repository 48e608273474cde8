using Feedback.Core.Mr;
using Feedback.Core.Records;

namespace Feedback.Core.Ingestion;

/// <summary>What became of one source row: an accepted record, or a quarantine reason.</summary>
/// <param name="Record">The accepted record (text normalised, label canonical), or null.</param>
/// <param name="Reason">Why it was quarantined, or null.</param>
/// <param name="Message">What exactly was wrong, or null.</param>
/// <param name="Act">The dialogue act of a labelled record.</param>
/// <param name="ContentKey">The accepted record's content key (computed once, from the normalised text).</param>
public readonly record struct RowOutcome(FeedbackRecord? Record, QuarantineReason? Reason, string? Message, DialogueAct? Act = null, string? ContentKey = null)
{
    /// <summary>Whether the row was accepted.</summary>
    public bool Accepted => Record is not null;

    internal static RowOutcome Quarantine(QuarantineReason reason, string message) => new(null, reason, message);
}
