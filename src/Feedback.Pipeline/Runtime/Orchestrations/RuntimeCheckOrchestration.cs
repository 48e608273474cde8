using Microsoft.DurableTask;

namespace Feedback.Pipeline.Runtime;

/// <summary>
/// A self-test of the durable runtime a deployment can run at any time (HTTP
/// <c>POST /api/orchestrators/RuntimeCheckOrchestration</c>): an activity with a retry policy, a
/// durable timer, an external event with a timeout and a sub-orchestration. Its custom status
/// names the stage it is in.
/// </summary>
public sealed class RuntimeCheckOrchestration : TaskOrchestrator<RuntimeCheckInput?, RuntimeCheckResult>
{
    /// <summary>The external event the check waits for.</summary>
    public const string ProceedEvent = "proceed";

    /// <inheritdoc />
    public override async Task<RuntimeCheckResult> RunAsync(TaskOrchestrationContext context, RuntimeCheckInput? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        input ??= new RuntimeCheckInput();
        string id = context.InstanceId;

        context.SetCustomStatus(Progress.At("activity"));
        var retry = TaskOptions.FromRetryPolicy(new RetryPolicy(
            maxNumberOfAttempts: input.SimulatedFailures + 2,
            firstRetryInterval: TimeSpan.FromMilliseconds(250),
            backoffCoefficient: 2));
        RuntimeCheckStepResult step = await context.CallActivityAsync<RuntimeCheckStepResult>(
            nameof(RuntimeCheckStepActivity), new RuntimeCheckStepInput(id, "activity", input.SimulatedFailures), retry);

        context.SetCustomStatus(Progress.At("timer"));
        await context.CreateTimer(TimeSpan.FromSeconds(input.TimerSeconds), CancellationToken.None);
        DateTime timerFiredAt = context.CurrentUtcDateTime;

        context.SetCustomStatus(Progress.At("waiting for event"));
        bool received;
        string? payload;
        try
        {
            payload = await context.WaitForExternalEvent<string?>(ProceedEvent, TimeSpan.FromSeconds(input.EventTimeoutSeconds));
            received = true;
        }
        catch (TaskCanceledException)
        {
            payload = null;
            received = false;
        }

        context.SetCustomStatus(Progress.At("sub-orchestration"));
        RuntimeCheckStepResult child = await context.CallSubOrchestratorAsync<RuntimeCheckStepResult>(
            nameof(RuntimeCheckChildOrchestration),
            id,
            new SubOrchestrationOptions { InstanceId = $"{id}-child" });

        context.SetCustomStatus(Progress.At("done"));
        return new RuntimeCheckResult(step, timerFiredAt, received, payload, child);
    }
}
