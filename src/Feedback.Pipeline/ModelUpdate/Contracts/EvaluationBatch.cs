namespace Feedback.Pipeline.ModelUpdate;

/// <summary>One evaluation batch.</summary>
/// <param name="ServiceName">The service.</param>
/// <param name="ModelId">The model.</param>
/// <param name="Canary">Whether to reach the canary (the challenger) rather than the primary.</param>
/// <param name="TestSetKey">The test set.</param>
/// <param name="Offset">The first item (0-based).</param>
/// <param name="Count">Items in the batch.</param>
/// <param name="OutputKey">Where the predictions go.</param>
public sealed record EvaluationBatch(string ServiceName, string ModelId, bool Canary, string TestSetKey, int Offset, int Count, string OutputKey);
