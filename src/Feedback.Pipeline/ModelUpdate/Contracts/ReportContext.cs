namespace Feedback.Pipeline.ModelUpdate;

/// <summary>Lineage and cost shown in the report.</summary>
/// <param name="ParentVersion">The dataset version's parent.</param>
/// <param name="TrainRecords">Records in train.jsonl.</param>
/// <param name="ValidRecords">Records in valid.jsonl.</param>
/// <param name="LabelledBySource">New labelled records per source.</param>
/// <param name="LabelledByAct">New labelled records per act.</param>
/// <param name="JobId">The fine-tuning job.</param>
/// <param name="ComputeMinutes">Its compute minutes.</param>
/// <param name="CanaryMinutes">How long the challenger has been served (canary, then primary if promoted).</param>
public sealed record ReportContext(
    string? ParentVersion,
    long TrainRecords,
    long ValidRecords,
    IReadOnlyDictionary<string, long>? LabelledBySource,
    IReadOnlyDictionary<string, long>? LabelledByAct,
    string? JobId,
    double? ComputeMinutes,
    double? CanaryMinutes);
