namespace Feedback.Pipeline.Ports;

/// <summary>The metrics of one data update run.</summary>
/// <param name="RunId">The run (the orchestration's instance and execution), so recording twice records once.</param>
/// <param name="DatasetVersion">The version made, or null when nothing new arrived.</param>
/// <param name="RecordedAt">When the run finished (orchestration time).</param>
/// <param name="Sources">Per source.</param>
public sealed record DataUpdateMetrics(string RunId, string? DatasetVersion, DateTimeOffset RecordedAt, IReadOnlyList<SourceRunMetrics> Sources);
