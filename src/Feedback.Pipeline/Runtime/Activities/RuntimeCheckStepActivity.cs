using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Feedback.Pipeline.Runtime;

/// <summary>One step of the runtime check: logs that it ran and where, failing on purpose while the input asks for it.</summary>
/// <param name="attempts">The per-process execution counter.</param>
/// <param name="logger">The logger.</param>
public sealed partial class RuntimeCheckStepActivity(RuntimeCheckAttempts attempts, ILogger<RuntimeCheckStepActivity> logger)
    : TaskActivity<RuntimeCheckStepInput, RuntimeCheckStepResult>
{
    /// <inheritdoc />
    public override Task<RuntimeCheckStepResult> RunAsync(TaskActivityContext context, RuntimeCheckStepInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int attempt = attempts.Next(input.CheckId, input.Step);
        LogStepRan(logger, input.Step, input.CheckId, attempt);
        if (attempt <= input.SimulatedFailures)
        {
            throw new InvalidOperationException(
                $"Runtime check step '{input.Step}' failed on purpose (attempt {attempt} of {input.SimulatedFailures} simulated failures).");
        }

        return Task.FromResult(new RuntimeCheckStepResult(input.Step, attempt, Environment.MachineName, Environment.ProcessId));
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Runtime check step {Step} of {CheckId} ran (attempt {Attempt})")]
    private static partial void LogStepRan(ILogger logger, string step, string checkId, int attempt);
}
