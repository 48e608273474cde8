using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>
/// Waits for a deployment with the shared durable polling loop (<see cref="DurablePolling"/>): the service's primary
/// running, or the challenger's canary version running. When the platform says the deployment failed, or the deadline
/// passes, it rolls the canary back (leaving the primary alone) and fails with the reason. It continues as new every
/// few polls, so a long grace period keeps a short history.
/// </summary>
public sealed class DeployWaitOrchestration : TaskOrchestrator<DeployWait, ServiceInfo>
{
    /// <inheritdoc />
    public override async Task<ServiceInfo> RunAsync(TaskOrchestrationContext context, DeployWait input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        ServiceReadiness Readiness(ServiceInfo s) => input.CanaryVersion is null ? ServiceReadiness.PrimaryRunning(s) : ServiceReadiness.CanaryRunning(s, input.CanaryVersion);

        PollResult<ServiceInfo> polled = await DurablePolling.UntilAsync(
            context,
            () => context.CallActivityAsync<ServiceInfo>(nameof(GetServiceActivity), input.ServiceName, TaskRetries.Storage),
            s => Readiness(s) switch
            {
                { Ready: true } => PollStep.Done,
                { Failure: not null } => PollStep.Failed,
                _ => PollStep.Continue,
            },
            input.Policy.Wait,
            input.Deadline,
            input.Polls,
            input.Policy.PollsPerGeneration);

        if (polled.End == PollEnd.Done)
        {
            return polled.Last;
        }

        if (polled.End == PollEnd.GenerationSpent)
        {
            context.ContinueAsNew(input with { Polls = polled.Polls });
            return null!;
        }

        // Leave the service as it was: the primary alone, no canary that never became healthy.
        ServiceReadiness last = Readiness(polled.Last);
        bool rolledBack = await context.CallActivityAsync<bool>(nameof(RollBackCanaryActivity), polled.Last.Id, TaskRetries.Storage);
        string why = last.Failure ?? $"not ready within the deploy grace period ({last.Waiting})";
        throw new TimeoutException(
            $"Deploying {input.What} on {input.ServiceName} failed: {why}{(rolledBack ? "; its canary was rolled back" : string.Empty)}.");
    }
}
