using Feedback.Pipeline.Ports;

namespace Feedback.Pipeline.DataUpdate;

/// <summary>A dataset version's <c>manifest.json</c>.</summary>
/// <param name="Version">The version (hash of the files).</param>
/// <param name="ParentVersion">The version it extends.</param>
/// <param name="CreatedAt">When.</param>
/// <param name="RunId">The data update run that made it.</param>
/// <param name="PromptVersion">The system prompt of the chat files.</param>
/// <param name="Counts">Record counts.</param>
/// <param name="LabelledByAct">New labelled records per dialogue act.</param>
/// <param name="Sources">Per-source metrics of the run.</param>
/// <param name="IngestedObjects">The source objects read.</param>
/// <param name="Sha256">The SHA-256 of each file.</param>
public sealed record DatasetManifest(
    string Version,
    string? ParentVersion,
    DateTimeOffset CreatedAt,
    string RunId,
    string PromptVersion,
    DatasetCounts Counts,
    IReadOnlyDictionary<string, long> LabelledByAct,
    IReadOnlyList<SourceRunMetrics> Sources,
    IReadOnlyList<ManifestObject> IngestedObjects,
    IReadOnlyDictionary<string, string> Sha256);
