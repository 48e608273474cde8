using Microsoft.DurableTask;

namespace Feedback.Host.Tests.Worker;

/// <summary>Lets the failing activity's exception escape, so the instance fails.</summary>
public sealed class FailingProbeOrchestration : TaskOrchestrator<string, string>
{
    /// <inheritdoc />
    public override Task<string> RunAsync(TaskOrchestrationContext context, string input) =>
        context.CallActivityAsync<string>(nameof(FailingProbeActivity), input);
}
