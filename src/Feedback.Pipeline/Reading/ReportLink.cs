namespace Feedback.Pipeline.Reading;

/// <summary>The newest rollout report.</summary>
/// <param name="InstanceId">The rollout that wrote it.</param>
/// <param name="Html">The route of its HTML page.</param>
/// <param name="Markdown">The route of its Markdown.</param>
/// <param name="LastModified">When it was written.</param>
public sealed record ReportLink(string InstanceId, string Html, string Markdown, DateTimeOffset LastModified);
