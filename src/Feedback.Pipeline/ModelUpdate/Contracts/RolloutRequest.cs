namespace Feedback.Pipeline.ModelUpdate;

/// <summary>What to roll out, and how.</summary>
/// <param name="ServiceName">The service whose primary serves the champion and whose canary serves the challenger.</param>
/// <param name="ChallengerModelId">The challenger (deployed on the canary at 0%).</param>
/// <param name="BaseModelId">The model the primary serves when there is no champion yet.</param>
/// <param name="DatasetVersion">The dataset version the challenger was trained on, for the registry and the report.</param>
/// <param name="TestSetKey">The held-out test set. Default <c>reference/test.jsonl</c>.</param>
/// <param name="BatchSize">Test items per evaluation activity. Default 50.</param>
/// <param name="MaxConcurrentBatches">Evaluation activities in flight at once. Default 4.</param>
/// <param name="RequireApproval">Whether a person must approve (the <c>ApproveRollout</c> event) before promotion. Default false.</param>
/// <param name="ApprovalTimeoutMinutes">How long to wait for approval. Default 1440 (a day).</param>
/// <param name="ApproveOnTimeout">What an approval timeout means: promote (true) or reject (false, the default).</param>
public sealed record RolloutRequest(
    string ServiceName,
    string ChallengerModelId,
    string BaseModelId,
    string? DatasetVersion = null,
    string TestSetKey = "reference/test.jsonl",
    int BatchSize = 50,
    int MaxConcurrentBatches = 4,
    bool RequireApproval = false,
    double ApprovalTimeoutMinutes = 1440,
    bool ApproveOnTimeout = false);
