namespace Feedback.Pipeline.ModelUpdate;

/// <summary>One model version in the registry.</summary>
/// <param name="ModelId">The fine-tuned model id.</param>
/// <param name="DatasetVersion">The dataset version it was trained on.</param>
/// <param name="JobId">The fine-tuning job.</param>
/// <param name="State">Its state.</param>
/// <param name="CreatedAt">When it was registered.</param>
/// <param name="ComputeMinutes">Minutes of the fine-tuning job.</param>
/// <param name="Metrics">Its metrics, once evaluated.</param>
/// <param name="CanaryMinutes">How long it was served on the canary before the decision.</param>
public sealed record RegisteredModel(
    string ModelId,
    string? DatasetVersion,
    string? JobId,
    ModelState State,
    DateTimeOffset CreatedAt,
    double? ComputeMinutes = null,
    ModelMetrics? Metrics = null,
    double? CanaryMinutes = null);
