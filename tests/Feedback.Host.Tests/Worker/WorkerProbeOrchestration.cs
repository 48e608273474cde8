using Microsoft.DurableTask;

namespace Feedback.Host.Tests.Worker;

/// <summary>Calls a good, a failing and a missing activity, and reports what it saw.</summary>
public sealed class WorkerProbeOrchestration : TaskOrchestrator<int, WorkerProbeResult>
{
    /// <inheritdoc />
    public override async Task<WorkerProbeResult> RunAsync(TaskOrchestrationContext context, int input)
    {
        context.SetCustomStatus("doubling");
        int doubled = await context.CallActivityAsync<int>(nameof(DoubleProbeActivity), input);
        string? failureType = null;
        string? failureMessage = null;
        string? missingMessage = null;
        try
        {
            await context.CallActivityAsync<string>(nameof(FailingProbeActivity), "x");
        }
        catch (TaskFailedException e)
        {
            failureType = e.FailureDetails.ErrorType;
            failureMessage = e.FailureDetails.ErrorMessage;
        }

        try
        {
            await context.CallActivityAsync<string>("NoSuchProbeActivity", "x");
        }
        catch (TaskFailedException e)
        {
            missingMessage = e.FailureDetails.ErrorMessage;
        }

        context.SetCustomStatus("done");
        return new WorkerProbeResult(doubled, failureType, failureMessage, missingMessage);
    }
}
