using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.Ports;

namespace Feedback.Pipeline.Reading;

/// <summary>The current dataset version: its manifest and, when it was structured, the structuring summary.</summary>
/// <param name="Version">The version.</param>
/// <param name="Manifest">Its manifest.</param>
/// <param name="Structuring">What the champion made of its new unlabelled feedback, if it was structured.</param>
public sealed record DatasetSummary(string Version, DatasetManifest Manifest, StructuringSummary? Structuring);
