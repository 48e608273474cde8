using Microsoft.DurableTask;

namespace Feedback.Pipeline.Runtime;

/// <summary>The sub-orchestration of the runtime check: one activity step.</summary>
public sealed class RuntimeCheckChildOrchestration : TaskOrchestrator<string, RuntimeCheckStepResult>
{
    /// <inheritdoc />
    public override Task<RuntimeCheckStepResult> RunAsync(TaskOrchestrationContext context, string input)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.CallActivityAsync<RuntimeCheckStepResult>(
            nameof(RuntimeCheckStepActivity), new RuntimeCheckStepInput(input, "child", 0));
    }
}
