using Feedback.Pipeline.Ports;

namespace Feedback.Pipeline.Structuring;

/// <summary>The output of <see cref="StructureFeedbackOrchestration"/>. Built with <see cref="Skipped"/> or <see cref="Structured"/>.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="Reason">Why it was skipped, or what was done.</param>
/// <param name="Summary">The summary, when records were structured.</param>
public sealed record StructuringResult(StructuringOutcome Outcome, string Reason, StructuringSummary? Summary)
{
    /// <summary>Nothing was structured.</summary>
    /// <param name="reason">Why.</param>
    public static StructuringResult Skipped(string reason) => new(StructuringOutcome.Skipped, reason, null);

    /// <summary>The champion structured the version's feedback.</summary>
    /// <param name="summary">What it did.</param>
    public static StructuringResult Structured(StructuringSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new(StructuringOutcome.Structured, $"{summary.Records} records structured by {summary.ModelId}, {summary.Valid} valid", summary);
    }
}
