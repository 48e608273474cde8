namespace Feedback.Pipeline.DataUpdate;

/// <summary>What the join made.</summary>
/// <param name="Version">The new version, or null when nothing new was found.</param>
/// <param name="ParentVersion">The version it builds on.</param>
/// <param name="NewLabelled">Labelled records added.</param>
/// <param name="NewUnlabelled">Unlabelled records added.</param>
/// <param name="TotalLabelled">Labelled records in the version (train + valid).</param>
/// <param name="TotalUnlabelled">Unlabelled records in the version.</param>
/// <param name="Sources">Per-source metrics of this run.</param>
public sealed record DatasetBuildResult(
    string? Version,
    string? ParentVersion,
    long NewLabelled,
    long NewUnlabelled,
    long TotalLabelled,
    long TotalUnlabelled,
    IReadOnlyList<Ports.SourceRunMetrics> Sources);
