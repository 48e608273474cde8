namespace Feedback.Pipeline.DataUpdate;

/// <summary>An unlabelled record kept in <c>unlabelled.jsonl</c>.</summary>
/// <param name="Id">The source's id.</param>
/// <param name="Source">The source.</param>
/// <param name="ReceivedAt">When it was sent.</param>
/// <param name="Text">The normalised text.</param>
public sealed record UnlabelledRecord(string Id, string Source, DateTimeOffset ReceivedAt, string Text);
