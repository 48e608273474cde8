namespace Feedback.Pipeline.Structuring;

/// <summary>A structured feedback record in <c>structured/{version}/part-*.jsonl</c>.</summary>
/// <param name="Id">The source's id.</param>
/// <param name="Source">The source.</param>
/// <param name="ReceivedAt">When it was sent.</param>
/// <param name="Text">The text.</param>
/// <param name="Mr">The model's answer.</param>
/// <param name="Parsed">The answer parsed, when it parses.</param>
/// <param name="Valid">Whether the answer is a valid MR.</param>
/// <param name="Error">Why not, when it is not.</param>
/// <param name="ModelId">The model that answered.</param>
public sealed record StructuredFeedbackRecord(string Id, string Source, DateTimeOffset ReceivedAt, string Text, string Mr, ParsedMr? Parsed, bool Valid, string? Error, string ModelId);
