namespace Feedback.Pipeline.ModelUpdate;

/// <summary>The outcome of a rollout.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="Champion">The champion afterwards.</param>
/// <param name="Challenger">The challenger evaluated.</param>
/// <param name="Score">The figures.</param>
/// <param name="Approval">The approval, when one was asked for (null on timeout).</param>
/// <param name="ReportKey">The HTML report.</param>
public sealed record RolloutResult(RolloutOutcome Outcome, string? Champion, string Challenger, RolloutScore Score, ApprovalDecision? Approval, string ReportKey);
