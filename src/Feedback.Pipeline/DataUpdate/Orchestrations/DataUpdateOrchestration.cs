using Microsoft.DurableTask;

namespace Feedback.Pipeline.DataUpdate;

/// <summary>
/// From feedback sources to a new dataset version: list the source objects not yet ingested, fan
/// out one transform per object, join them into a content-addressed dataset version, record the
/// per-source metrics, publish <c>data-transformed</c> when a new version was made, and commit the
/// ledger. Re-running on the same inputs makes no new version and publishes nothing. Activities
/// pass object keys, never rows. Runs as a singleton (instance id <see cref="SingletonInstanceId"/>).
/// </summary>
public sealed class DataUpdateOrchestration : TaskOrchestrator<object?, DataUpdateResult>
{
    /// <summary>The fixed instance id triggers start it under, so a start while one runs is not a second run.</summary>
    public const string SingletonInstanceId = "DataUpdate";

    /// <inheritdoc />
    public override async Task<DataUpdateResult> RunAsync(TaskOrchestrationContext context, object? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        return await FailureAlerts.RunAsync(
            context,
            () => UpdateAsync(context),
            (step, reason) => new Ports.Notification(
                Ports.NotificationLevel.Alert,
                "Data update failed",
                $"The data update failed in {step}: {reason}. The ledger is committed last, so the next run retries every object this run did not commit.",
                [new("Instance", context.InstanceId), new("Step", step)]));
    }

    private static async Task<DataUpdateResult> UpdateAsync(TaskOrchestrationContext context)
    {
        context.SetCustomStatus(Progress.At("listing"));
        PendingSourceObjects pending = await context.CallActivityAsync<PendingSourceObjects>(nameof(ListPendingSourceObjectsActivity), null, TaskRetries.Storage);
        if (pending.Objects.Count == 0)
        {
            context.SetCustomStatus(Progress.At("done"));
            return DataUpdateResult.NoNewObjects(pending.ParentVersion, pending.ParentTotalLabelled);
        }

        int total = pending.Objects.Count;
        TransformPlan plan = await context.CallActivityAsync<TransformPlan>(nameof(GetTransformPlanActivity));
        IReadOnlyList<IReadOnlyList<SourceObjectRef>> batches = plan.Batch(pending.Objects);
        int done = 0;
        context.SetCustomStatus(Progress.Counting("transforming", 0, total));
        TransformedObject[][] transformed = await FanOut.RunAsync<IReadOnlyList<SourceObjectRef>, TransformedObject[]>(
            context, nameof(TransformSourceBatchActivity), batches, plan.Parallelism, TaskRetries.Storage,
            index => context.SetCustomStatus(Progress.Counting("transforming", done += batches[index].Count, total)));

        context.SetCustomStatus(Progress.Counting("joining", done, total));
        string runId = $"{context.InstanceId}:{context.NewGuid():N}";
        DatasetBuildResult build = await context.CallActivityAsync<DatasetBuildResult>(
            nameof(BuildDatasetVersionActivity),
            new DatasetBuildRequest(pending.ParentVersion, [.. transformed.SelectMany(t => t)], context.CurrentUtcDateTime, runId),
            TaskRetries.Storage);

        context.SetCustomStatus(Progress.Counting("recording", done, total));
        string? metricsError = null;
        try
        {
            await context.CallActivityAsync(
                nameof(RecordDataUpdateMetricsActivity),
                new Ports.DataUpdateMetrics(runId, build.Version, context.CurrentUtcDateTime, build.Sources),
                TaskRetries.Metrics);
        }
        catch (TaskFailedException e)
        {
            // Metrics are reporting, not data: the dataset version stands and the failure is recorded in the output.
            metricsError = e.FailureDetails.ErrorMessage;
        }

        bool published = false;
        if (build.Version is not null)
        {
            context.SetCustomStatus(Progress.Counting("publishing", done, total));
            await context.CallActivityAsync(
                nameof(PublishDataTransformedActivity),
                new DataTransformedEvent(build.Version, build.NewLabelled, build.TotalLabelled),
                TaskRetries.Storage);
            published = true;
        }

        string? current = build.Version ?? pending.ParentVersion;
        await context.CallActivityAsync(nameof(CommitLedgerActivity), new LedgerCommit(pending.Objects, current, context.CurrentUtcDateTime, build.TotalLabelled), TaskRetries.Storage);
        Structuring.StructuringResult? structuring = null;
        string? structuringError = null;
        if (build.Version is not null)
        {
            context.SetCustomStatus(Progress.Counting("structuring", done, total));
            try
            {
                structuring = await context.CallSubOrchestratorAsync<Structuring.StructuringResult>(
                    nameof(Structuring.StructureFeedbackOrchestration),
                    build.Version,
                    new SubOrchestrationOptions { InstanceId = $"{nameof(Structuring.StructureFeedbackOrchestration)}-{build.Version}" });
            }
            catch (TaskFailedException e)
            {
                // Structuring is analysis of the version, not the version: a failure is reported and the version stands.
                structuringError = e.FailureDetails.ErrorMessage;
            }
        }

        context.SetCustomStatus(Progress.Counting("done", done, total));
        return new DataUpdateResult(
            Outcome: build.Version is null ? DataUpdateOutcome.NoNewRecords : DataUpdateOutcome.NewVersion,
            DatasetVersion: current,
            ParentVersion: pending.ParentVersion,
            ObjectsIngested: total,
            NewLabelledRecords: build.NewLabelled,
            TotalLabelledRecords: build.TotalLabelled,
            EventPublished: published,
            MetricsError: metricsError,
            Structuring: structuring,
            StructuringError: structuringError);
    }
}
