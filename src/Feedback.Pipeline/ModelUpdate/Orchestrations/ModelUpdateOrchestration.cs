using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>
/// Started by the <c>data-transformed</c> event (instance id <c>ModelUpdateOrchestration-dataset-{version}</c>): counts
/// the labelled records added since the last fine-tune (from the dataset manifests and the registry, not the total),
/// ends with its reason below the threshold or when a model already covers the version, waits while another update
/// holds the lease (one fine-tune, deploy and rollout at a time), else fine-tunes on the new version (sub-orchestration), deploys the
/// challenger silently (canary at 0%, waiting until it runs), registers it, and starts the rollout.
/// </summary>
public sealed class ModelUpdateOrchestration : TaskOrchestrator<DataTransformedEvent, ModelUpdateResult>
{
    private const int MaxLeaseWaits = 100;

    /// <inheritdoc />
    public override async Task<ModelUpdateResult> RunAsync(TaskOrchestrationContext context, DataTransformedEvent input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        // A task that failed, or a wait the orchestration gave up on (an UNHEALTHY canary past its grace period),
        // releases the lease and alerts.
        ModelUpdateResult result = await FailureAlerts.RunAsync(
            context,
            () => UpdateAsync(context, input),
            (step, reason) => new Notification(
                NotificationLevel.Alert,
                "Model update failed",
                $"The model update for dataset version {input.DatasetVersion} failed in {step}: {reason}",
                [new("Instance", context.InstanceId), new("Dataset version", input.DatasetVersion)]),
            () => context.CallActivityAsync(nameof(ReleaseModelUpdateLeaseActivity), context.InstanceId, TaskRetries.Storage));

        if (result.FineTune is not null)
        {
            await context.CallActivityAsync(nameof(ReleaseModelUpdateLeaseActivity), context.InstanceId, TaskRetries.Storage);
        }

        return result;
    }

    private static async Task<ModelUpdateResult> UpdateAsync(TaskOrchestrationContext context, DataTransformedEvent input)
    {
        context.SetCustomStatus(Progress.At("gate"));
        ModelUpdateGate gate;
        for (int wait = 0; ; wait++)
        {
            gate = await context.CallActivityAsync<ModelUpdateGate>(
                nameof(EvaluateModelUpdateGateActivity), new GateRequest(input.DatasetVersion, context.InstanceId, input.Force), TaskRetries.Storage);
            if (gate.Verdict != GateVerdict.Wait)
            {
                break;
            }

            if (wait == MaxLeaseWaits)
            {
                // A long wait keeps the history short: start again with the same input.
                context.ContinueAsNew(input);
                return ModelUpdateResult.AtGate(ModelUpdateOutcome.Waiting, gate);
            }

            context.SetCustomStatus(Progress.Detailed("waiting", $"waiting for {gate.HeldBy?.Holder}"));
            ModelUpdateOptions waiting = gate.Options;
            await context.CreateTimer(new FineTunePolicy(waiting.FineTuneTimeout, waiting.FineTuneAttempts, waiting.FirstPoll, waiting.MaxPoll).Wait(wait), CancellationToken.None);
        }

        if (gate.Verdict == GateVerdict.Covered)
        {
            context.SetCustomStatus(Progress.At("covered"));
            return ModelUpdateResult.AtGate(ModelUpdateOutcome.Covered, gate);
        }

        if (gate.Verdict == GateVerdict.BelowThreshold)
        {
            context.SetCustomStatus(Progress.At("below threshold"));
            return ModelUpdateResult.AtGate(ModelUpdateOutcome.BelowThreshold, gate);
        }

        ModelUpdateOptions o = gate.Options;
        var policy = new FineTunePolicy(o.FineTuneTimeout, o.FineTuneAttempts, o.FirstPoll, o.MaxPoll);
        FineTuneRequest request = await context.CallActivityAsync<FineTuneRequest>(nameof(PrepareFineTuneActivity), new PrepareFineTune(input.DatasetVersion, policy), TaskRetries.Storage);
        context.SetCustomStatus(Progress.At("fine-tuning"));
        FineTuneResult fineTune = await context.CallSubOrchestratorAsync<FineTuneResult>(
            nameof(FineTuneOrchestration), new FineTuneState(request), new SubOrchestrationOptions { InstanceId = $"{context.InstanceId}-finetune" });

        context.SetCustomStatus(Progress.At("publishing the adapter"));
        ServedModel challenger = await context.CallActivityAsync<ServedModel>(nameof(PublishAdapterActivity), fineTune.ModelId, TaskRetries.Storage);

        // The platform ignores a canary percent when it creates or restarts a service, so the service must run
        // (with the base model, when it is new) before the challenger goes on its canary.
        context.SetCustomStatus(Progress.At("deploying"));
        DateTime deadline = context.CurrentUtcDateTime + o.DeployGracePeriod;
        await context.CallActivityAsync<ServiceInfo>(nameof(EnsureServiceActivity), new EnsureServiceRequest(o.ServiceName, o.BaseModelId), TaskRetries.Storage);
        await context.CallSubOrchestratorAsync<ServiceInfo>(
            nameof(DeployWaitOrchestration),
            new DeployWait(o.ServiceName, "the service", null, deadline, policy),
            new SubOrchestrationOptions { InstanceId = $"{context.InstanceId}-service" });
        await context.CallActivityAsync<ServiceInfo>(nameof(DeployChallengerActivity), new DeployRequest(o.ServiceName, challenger), TaskRetries.Storage);
        await context.CallSubOrchestratorAsync<ServiceInfo>(
            nameof(DeployWaitOrchestration),
            new DeployWait(o.ServiceName, $"the challenger {fineTune.ModelId}", challenger.Version, deadline, policy),
            new SubOrchestrationOptions { InstanceId = $"{context.InstanceId}-canary" });

        await context.CallActivityAsync(nameof(RegisterFineTunedModelActivity), new RegistrationRequest(fineTune, input.DatasetVersion, context.CurrentUtcDateTime), TaskRetries.Storage);
        if (!o.AutoRollout)
        {
            context.SetCustomStatus(Progress.At("deployed"));
            return ModelUpdateResult.Deployed(gate, fineTune);
        }

        context.SetCustomStatus(Progress.At("rolling out"));
        RolloutResult rollout = await context.CallSubOrchestratorAsync<RolloutResult>(
            nameof(RolloutOrchestration),
            new RolloutRequest(o.ServiceName, fineTune.ModelId, o.BaseModelId, input.DatasetVersion, RequireApproval: o.RequireApproval),
            new SubOrchestrationOptions { InstanceId = $"{context.InstanceId}-rollout" });
        context.SetCustomStatus(Progress.At(WireNames.Of(rollout.Outcome)));
        return ModelUpdateResult.RolledOut(gate, fineTune, rollout);
    }
}
