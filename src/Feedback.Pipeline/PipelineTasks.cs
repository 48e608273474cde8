using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Runtime;
using Feedback.Pipeline.Structuring;
using Microsoft.DurableTask;

namespace Feedback.Pipeline;

/// <summary>
/// The one list of the pipeline's orchestrators and activities. The Azure Functions app, the
/// self-hosted runtime and the tests all register tasks through <see cref="Register"/>, so the
/// three ways of running see exactly the same names.
/// </summary>
public static class PipelineTasks
{
    /// <summary>Every orchestrator class of the pipeline; registered under its class name.</summary>
    public static IReadOnlyList<Type> Orchestrators { get; } =
    [
        typeof(RuntimeCheckOrchestration),
        typeof(RuntimeCheckChildOrchestration),
        typeof(DataUpdateOrchestration),
        typeof(FineTuneOrchestration),
        typeof(RolloutOrchestration),
        typeof(ModelUpdateOrchestration),
        typeof(DeployWaitOrchestration),
        typeof(StructureFeedbackOrchestration),
    ];

    /// <summary>Every activity class of the pipeline; registered under its class name.</summary>
    public static IReadOnlyList<Type> Activities { get; } =
    [
        typeof(RuntimeCheckStepActivity),
        typeof(ListPendingSourceObjectsActivity),
        typeof(GetTransformPlanActivity),
        typeof(TransformSourceBatchActivity),
        typeof(BuildDatasetVersionActivity),
        typeof(RecordDataUpdateMetricsActivity),
        typeof(PublishDataTransformedActivity),
        typeof(CommitLedgerActivity),
        typeof(SubmitFineTuneJobActivity),
        typeof(GetComputeJobActivity),
        typeof(TerminateComputeJobActivity),
        typeof(RegisterChallengerActivity),
        typeof(CountTestItemsActivity),
        typeof(EvaluateBatchActivity),
        typeof(ScoreRolloutActivity),
        typeof(PromoteChallengerActivity),
        typeof(RejectChallengerActivity),
        typeof(NotifyActivity),
        typeof(WriteRolloutReportActivity),
        typeof(EvaluateModelUpdateGateActivity),
        typeof(ReleaseModelUpdateLeaseActivity),
        typeof(PrepareFineTuneActivity),
        typeof(EnsureServiceActivity),
        typeof(PublishAdapterActivity),
        typeof(DeployChallengerActivity),
        typeof(GetServiceActivity),
        typeof(RollBackCanaryActivity),
        typeof(RegisterFineTunedModelActivity),
        typeof(PlanStructuringActivity),
        typeof(StructureBatchActivity),
        typeof(RecordStructuringActivity),
    ];

    /// <summary>The names orchestrations can be started by (class names).</summary>
    public static IReadOnlySet<string> OrchestrationNames { get; } =
        Orchestrators.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>Adds every orchestrator and activity of the pipeline to a registry.</summary>
    /// <param name="registry">The worker's task registry.</param>
    public static void Register(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (Type orchestrator in Orchestrators)
        {
            registry.AddOrchestrator(orchestrator);
        }

        foreach (Type activity in Activities)
        {
            registry.AddActivity(activity);
        }
    }

    /// <summary>Tells whether <paramref name="name"/> is a registered orchestration (ordinal, case-insensitive like Durable Functions).</summary>
    /// <param name="name">The name a caller asked for.</param>
    /// <param name="canonical">The registered name.</param>
    public static bool TryGetOrchestrationName(string? name, out string canonical)
    {
        canonical = Orchestrators.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))?.Name ?? string.Empty;
        return canonical.Length > 0;
    }
}
