using Feedback.Pipeline.Ports;

namespace Feedback.Pipeline.Structuring;

/// <summary>The output of <see cref="StructureFeedbackOrchestration"/>.</summary>
/// <param name="Outcome"><c>structured</c> or <c>skipped</c>.</param>
/// <param name="Reason">Why it was skipped, or what was done.</param>
/// <param name="Summary">The summary, when records were structured.</param>
public sealed record StructuringResult(string Outcome, string Reason, StructuringSummary? Summary);
