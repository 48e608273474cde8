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

/// <summary>The <c>ApproveRollout</c> event.</summary>
/// <param name="Approve">Approve or reject.</param>
/// <param name="By">Who.</param>
/// <param name="Reason">Why.</param>
public sealed record ApprovalDecision(bool Approve, string By, string Reason);

/// <summary>One evaluation batch.</summary>
/// <param name="ServiceName">The service.</param>
/// <param name="ModelId">The model.</param>
/// <param name="Canary">Whether to reach the canary (the challenger) rather than the primary.</param>
/// <param name="TestSetKey">The test set.</param>
/// <param name="Offset">The first item (0-based).</param>
/// <param name="Count">Items in the batch.</param>
/// <param name="OutputKey">Where the predictions go.</param>
public sealed record EvaluationBatch(string ServiceName, string ModelId, bool Canary, string TestSetKey, int Offset, int Count, string OutputKey);

/// <summary>Input of the scoring.</summary>
/// <param name="ChampionKeys">The champion's prediction batches, in order.</param>
/// <param name="ChallengerKeys">The challenger's, in order.</param>
/// <param name="OutputKey">Where the scores go.</param>
public sealed record ScoringRequest(IReadOnlyList<string> ChampionKeys, IReadOnlyList<string> ChallengerKeys, string OutputKey);

/// <summary>The figures a decision rests on.</summary>
/// <param name="Champion">The champion's metrics.</param>
/// <param name="Challenger">The challenger's metrics.</param>
/// <param name="Promote">What the statistics say.</param>
/// <param name="Difference">Challenger minus champion exact match.</param>
/// <param name="PValue">Exact McNemar p-value.</param>
/// <param name="ConfidenceLow">Lower bound of the bootstrap interval of the difference.</param>
/// <param name="ConfidenceHigh">Upper bound.</param>
/// <param name="Reasons">Each rule and whether it held.</param>
/// <param name="ScoresKey">The stored scores (per-attribute, per-act, examples) for the report.</param>
public sealed record RolloutScore(
    ModelMetrics Champion,
    ModelMetrics Challenger,
    bool Promote,
    double Difference,
    double PValue,
    double ConfidenceLow,
    double ConfidenceHigh,
    IReadOnlyList<string> Reasons,
    string ScoresKey);

/// <summary>The outcome of a rollout.</summary>
/// <param name="Outcome"><c>promoted</c> or <c>rejected</c>.</param>
/// <param name="Champion">The champion afterwards.</param>
/// <param name="Challenger">The challenger evaluated.</param>
/// <param name="Score">The figures.</param>
/// <param name="Approval">The approval, when one was asked for (null on timeout).</param>
/// <param name="ReportKey">The HTML report.</param>
public sealed record RolloutResult(string Outcome, string? Champion, string Challenger, RolloutScore Score, ApprovalDecision? Approval, string ReportKey);

/// <summary>Input of the promote and reject activities.</summary>
/// <param name="Request">The rollout.</param>
/// <param name="ExpectedChampion">The champion the decision was made against.</param>
/// <param name="By">Who or what decided.</param>
/// <param name="Evidence">Why.</param>
/// <param name="At">When (orchestration time).</param>
/// <param name="Score">The figures.</param>
public sealed record RolloutDecisionInput(RolloutRequest Request, string? ExpectedChampion, string By, string Evidence, DateTimeOffset At, RolloutScore Score);

/// <summary>Input of the report.</summary>
/// <param name="InstanceId">The rollout's instance (the report's folder).</param>
/// <param name="Request">The rollout.</param>
/// <param name="Champion">The champion evaluated (or the base model).</param>
/// <param name="Score">The figures.</param>
/// <param name="Outcome">promoted or rejected.</param>
/// <param name="Approval">The approval, if any.</param>
/// <param name="At">When.</param>
public sealed record ReportRequest(string InstanceId, RolloutRequest Request, string Champion, RolloutScore Score, string Outcome, ApprovalDecision? Approval, DateTimeOffset At);
