namespace Feedback.Pipeline.ModelUpdate;

/// <summary>Input of the promote and reject activities.</summary>
/// <param name="Request">The rollout.</param>
/// <param name="ExpectedChampion">The champion the decision was made against.</param>
/// <param name="By">Who or what decided.</param>
/// <param name="Evidence">Why.</param>
/// <param name="At">When (orchestration time).</param>
/// <param name="Score">The figures.</param>
public sealed record RolloutDecisionInput(RolloutRequest Request, string? ExpectedChampion, string By, string Evidence, DateTimeOffset At, RolloutScore Score);
