namespace Feedback.Pipeline.Intake;

/// <summary>The outcome of an intake request.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Result">What was stored, when it was.</param>
/// <param name="Errors">Field or item to reasons, when the request is not valid.</param>
/// <param name="Detail">A sentence for the caller.</param>
public sealed record IntakeOutcome(IntakeStatus Status, FeedbackAccepted? Result, IDictionary<string, string[]>? Errors, string Detail);
