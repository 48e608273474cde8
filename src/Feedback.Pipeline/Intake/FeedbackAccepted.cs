namespace Feedback.Pipeline.Intake;

/// <summary>The result of posting feedback.</summary>
/// <param name="Key">The source object the feedback was stored as.</param>
/// <param name="Accepted">How many items it holds.</param>
/// <param name="Replayed">True when the idempotency key was seen before and nothing new was stored.</param>
public sealed record FeedbackAccepted(string Key, int Accepted, bool Replayed = false);
