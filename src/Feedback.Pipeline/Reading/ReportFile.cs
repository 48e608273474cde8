namespace Feedback.Pipeline.Reading;

/// <summary>A rollout report's file, opened for reading.</summary>
/// <param name="Content">The file's content.</param>
/// <param name="ContentType">Its media type.</param>
public sealed record ReportFile(Stream Content, string ContentType);
