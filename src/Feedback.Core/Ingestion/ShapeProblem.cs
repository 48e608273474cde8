namespace Feedback.Core.Ingestion;

/// <summary>A row whose shape is wrong: the reason and a message naming the field.</summary>
/// <param name="Reason">The reason.</param>
/// <param name="Message">What exactly is wrong.</param>
public readonly record struct ShapeProblem(QuarantineReason Reason, string Message);
