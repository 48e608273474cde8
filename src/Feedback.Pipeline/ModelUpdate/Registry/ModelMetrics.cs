namespace Feedback.Pipeline.ModelUpdate;

/// <summary>Quality figures of a model on the held-out test set.</summary>
/// <param name="ExactMatch">Strict exact-match accuracy.</param>
/// <param name="ActAccuracy">Dialogue-act accuracy.</param>
/// <param name="SlotF1">Micro slot F1.</param>
/// <param name="Items">Test items evaluated.</param>
public sealed record ModelMetrics(double ExactMatch, double ActAccuracy, double SlotF1, int Items);
