namespace Feedback.Pipeline.ModelUpdate;

/// <summary>One change of champion.</summary>
/// <param name="At">When.</param>
/// <param name="From">The previous champion, if any.</param>
/// <param name="To">The new champion.</param>
/// <param name="By">Who or what promoted it (an orchestration instance, an approver).</param>
/// <param name="Evidence">Why: the decision and its figures.</param>
public sealed record Promotion(DateTimeOffset At, string? From, string To, string By, string Evidence);
