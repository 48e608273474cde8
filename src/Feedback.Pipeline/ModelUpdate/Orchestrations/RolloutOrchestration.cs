using System.Globalization;
using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>
/// Champion-challenger rollout: evaluates the champion (the service's primary; the base model when
/// there is no champion yet) and the challenger (its canary, reached with the canary header) on the
/// held-out test set in bounded parallel batches, decides with the margin and a paired significance
/// test, optionally waits for an approval, then promotes (canary to 100%, champion alias moves) or
/// rejects (canary rolled back, champion kept), always writes a report, and alerts on rejection or
/// failure.
/// </summary>
public sealed class RolloutOrchestration : TaskOrchestrator<RolloutRequest, RolloutResult>
{
    /// <summary>The approval event.</summary>
    public const string ApprovalEvent = "ApproveRollout";

    /// <inheritdoc />
    public override async Task<RolloutResult> RunAsync(TaskOrchestrationContext context, RolloutRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return await FailureAlerts.RunAsync(
            context,
            () => RunRolloutAsync(context, input),
            (step, reason) => new Notification(
                NotificationLevel.Alert,
                "Rollout failed",
                $"The rollout of {input.ChallengerModelId} on {input.ServiceName} failed: {reason}",
                [new("Instance", context.InstanceId), new("Step", step)]));
    }

    private static async Task<RolloutResult> RunRolloutAsync(TaskOrchestrationContext context, RolloutRequest input)
    {
        context.SetCustomStatus(Progress.At("registering"));
        string? champion = await context.CallActivityAsync<string?>(nameof(RegisterChallengerActivity), input, TaskRetries.Evaluation);
        string evaluatedChampion = champion ?? input.BaseModelId;
        int items = await context.CallActivityAsync<int>(nameof(CountTestItemsActivity), input.TestSetKey, TaskRetries.Evaluation);

        var batches = new List<EvaluationBatch>();
        var championKeys = new List<string>();
        var challengerKeys = new List<string>();
        for (int offset = 0; offset < items; offset += input.BatchSize)
        {
            int count = Math.Min(input.BatchSize, items - offset);
            string suffix = string.Create(CultureInfo.InvariantCulture, $"{offset / input.BatchSize:D5}.jsonl");
            string championKey = $"evaluations/{context.InstanceId}/champion/{suffix}";
            string challengerKey = $"evaluations/{context.InstanceId}/challenger/{suffix}";
            championKeys.Add(championKey);
            challengerKeys.Add(challengerKey);
            batches.Add(new EvaluationBatch(input.ServiceName, evaluatedChampion, false, input.TestSetKey, offset, count, championKey));
            batches.Add(new EvaluationBatch(input.ServiceName, input.ChallengerModelId, true, input.TestSetKey, offset, count, challengerKey));
        }

        int done = 0;
        await FanOut.RunAsync<EvaluationBatch, int>(context, nameof(EvaluateBatchActivity), batches, input.MaxConcurrentBatches, TaskRetries.Evaluation,
            _ => context.SetCustomStatus(Progress.Counting("evaluating", ++done, batches.Count)));
        context.SetCustomStatus(Progress.At("scoring"));
        RolloutScore score = await context.CallActivityAsync<RolloutScore>(
            nameof(ScoreRolloutActivity),
            new ScoringRequest(championKeys, challengerKeys, $"evaluations/{context.InstanceId}/scores.json"),
            TaskRetries.Evaluation);

        bool promote = score.Promote;
        ApprovalDecision? approval = null;
        string by = context.InstanceId;
        if (input.RequireApproval && promote)
        {
            context.SetCustomStatus(Progress.At("waiting for approval"));
            try
            {
                approval = await context.WaitForExternalEvent<ApprovalDecision>(ApprovalEvent, TimeSpan.FromMinutes(input.ApprovalTimeoutMinutes));
                promote = approval.Approve;
                by = $"{approval.By} ({context.InstanceId})";
            }
            catch (TaskCanceledException)
            {
                promote = input.ApproveOnTimeout;
                by = $"approval timeout ({context.InstanceId})";
            }
        }

        string evidence = string.Join("; ", score.Reasons) + (approval is null ? string.Empty : $"; {(approval.Approve ? "approved" : "rejected")} by {approval.By}: {approval.Reason}");
        var decision = new RolloutDecisionInput(input, champion, by, evidence, context.CurrentUtcDateTime, score);
        context.SetCustomStatus(Progress.At(promote ? "promoting" : "rolling back"));
        await context.CallActivityAsync(promote ? nameof(PromoteChallengerActivity) : nameof(RejectChallengerActivity), decision, TaskRetries.Evaluation);

        RolloutOutcome outcome = promote ? RolloutOutcome.Promoted : RolloutOutcome.Rejected;
        string reportKey = await context.CallActivityAsync<string>(
            nameof(WriteRolloutReportActivity),
            new ReportRequest(context.InstanceId, input, evaluatedChampion, score, outcome, approval, context.CurrentUtcDateTime),
            TaskRetries.Evaluation);

        var facts = new List<KeyValuePair<string, string>>
        {
            new("Champion", evaluatedChampion),
            new("Challenger", input.ChallengerModelId),
            new("Exact match", string.Create(CultureInfo.InvariantCulture, $"{score.Champion.ExactMatch:F3} -> {score.Challenger.ExactMatch:F3}")),
            new("Slot F1", string.Create(CultureInfo.InvariantCulture, $"{score.Champion.SlotF1:F3} -> {score.Challenger.SlotF1:F3}")),
            new("p-value", string.Create(CultureInfo.InvariantCulture, $"{score.PValue:G3}")),
        };
        await context.CallActivityAsync(nameof(NotifyActivity), new Notification(
            promote ? NotificationLevel.Info : NotificationLevel.Alert,
            promote ? $"Promoted {input.ChallengerModelId}" : $"Challenger {input.ChallengerModelId} rejected",
            promote
                ? $"The challenger now serves all traffic on {input.ServiceName}."
                : $"The canary on {input.ServiceName} was rolled back; {evaluatedChampion} keeps serving. {evidence}",
            facts,
            ReportKey: reportKey), TaskRetries.Evaluation);

        context.SetCustomStatus(Progress.At(WireNames.Of(outcome)));
        return new RolloutResult(outcome, Champion: promote ? input.ChallengerModelId : champion, Challenger: input.ChallengerModelId, score, approval, reportKey);
    }
}
