namespace Feedback.Pipeline.DataUpdate;

/// <summary>Input of the join.</summary>
/// <param name="ParentVersion">The version to build on.</param>
/// <param name="Transformed">The transformed objects.</param>
/// <param name="CreatedAt">The run's time (orchestration time).</param>
/// <param name="RunId">The run.</param>
public sealed record DatasetBuildRequest(string? ParentVersion, IReadOnlyList<TransformedObject> Transformed, DateTimeOffset CreatedAt, string RunId);
