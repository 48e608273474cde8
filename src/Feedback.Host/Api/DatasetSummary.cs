using System.Text.Json;
using Feedback.Pipeline;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Ports;
using Feedback.Pipeline.Structuring;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Feedback.Host.Api;

/// <summary>The current dataset version: its manifest and, when it was structured, the structuring summary.</summary>
/// <param name="Version">The version.</param>
/// <param name="Manifest">Its manifest.</param>
/// <param name="Structuring">What the champion made of its new unlabelled feedback, if it was structured.</param>
public sealed record DatasetSummary(string Version, DatasetManifest Manifest, StructuringSummary? Structuring);
