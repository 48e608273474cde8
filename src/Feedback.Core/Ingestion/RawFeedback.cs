namespace Feedback.Core.Ingestion;

/// <summary>The fields every source row is mapped to, before normalisation and validation.</summary>
/// <param name="Id">The source's id of the message.</param>
/// <param name="ReceivedAt">When it was sent.</param>
/// <param name="Text">The raw text.</param>
/// <param name="Label">The raw MR label, when annotated.</param>
public readonly record struct RawFeedback(string Id, DateTimeOffset ReceivedAt, string Text, string? Label);
