namespace Feedback.Pipeline.ModelUpdate;

/// <summary>Input of the report.</summary>
/// <param name="InstanceId">The rollout's instance (the report's folder).</param>
/// <param name="Request">The rollout.</param>
/// <param name="Champion">The champion evaluated (or the base model).</param>
/// <param name="Score">The figures.</param>
/// <param name="Outcome">How the rollout ended.</param>
/// <param name="Approval">The approval, if any.</param>
/// <param name="At">When.</param>
public sealed record ReportRequest(string InstanceId, RolloutRequest Request, string Champion, RolloutScore Score, RolloutOutcome Outcome, ApprovalDecision? Approval, DateTimeOffset At);
