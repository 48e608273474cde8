namespace Feedback.Pipeline.DataUpdate;

/// <summary>Record counts of a dataset version.</summary>
/// <param name="Train">Records in train.jsonl.</param>
/// <param name="Valid">Records in valid.jsonl.</param>
/// <param name="Unlabelled">Records in unlabelled.jsonl.</param>
/// <param name="NewLabelled">Labelled records added to the parent.</param>
/// <param name="NewUnlabelled">Unlabelled records added to the parent.</param>
public sealed record DatasetCounts(long Train, long Valid, long Unlabelled, long NewLabelled, long NewUnlabelled);
