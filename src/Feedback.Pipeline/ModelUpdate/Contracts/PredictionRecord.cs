namespace Feedback.Pipeline.ModelUpdate;

/// <summary>One prediction of an evaluation.</summary>
/// <param name="Index">The test item (0-based).</param>
/// <param name="Text">The feedback text.</param>
/// <param name="Reference">The reference MR.</param>
/// <param name="Prediction">What the model answered.</param>
public sealed record PredictionRecord(int Index, string Text, string Reference, string Prediction);
