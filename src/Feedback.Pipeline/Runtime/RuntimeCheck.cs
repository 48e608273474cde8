using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Feedback.Pipeline.Runtime;

/// <summary>
/// Input of <see cref="RuntimeCheckOrchestration"/>: how the check exercises the runtime.
/// Every field has a default, so an empty body runs a quick check.
/// </summary>
/// <param name="SimulatedFailures">How many times the first step fails before it succeeds, to prove retries (default 1).</param>
/// <param name="TimerSeconds">How long the durable timer waits (default 1 s).</param>
/// <param name="EventTimeoutSeconds">How long the check waits for the <c>proceed</c> event before it moves on (default 2 s).</param>
public sealed record RuntimeCheckInput(
    [property: Range(0, 5)] int SimulatedFailures = 1,
    [property: Range(0, 86_400)] double TimerSeconds = 1,
    [property: Range(0, 86_400)] double EventTimeoutSeconds = 2);

/// <summary>What one execution of <see cref="RuntimeCheckStepActivity"/> reports.</summary>
/// <param name="Step">The step's name.</param>
/// <param name="Attempt">Which execution of this step in this process it was (1 = first).</param>
/// <param name="Machine">The machine the activity ran on.</param>
/// <param name="ProcessId">The process the activity ran in.</param>
public sealed record RuntimeCheckStepResult(string Step, int Attempt, string Machine, int ProcessId);

/// <summary>Input of <see cref="RuntimeCheckStepActivity"/>.</summary>
/// <param name="CheckId">The instance id of the check, so attempts are counted per check.</param>
/// <param name="Step">The step's name.</param>
/// <param name="SimulatedFailures">How many executions fail before one succeeds.</param>
public sealed record RuntimeCheckStepInput(string CheckId, string Step, int SimulatedFailures);

/// <summary>The output of a completed <see cref="RuntimeCheckOrchestration"/>.</summary>
/// <param name="Step">The activity step, after its retries.</param>
/// <param name="TimerFiredAt">When the durable timer fired (orchestration time).</param>
/// <param name="EventReceived">Whether the <c>proceed</c> event arrived before its timeout.</param>
/// <param name="EventPayload">The event's payload, when it arrived.</param>
/// <param name="Child">The sub-orchestration's step.</param>
public sealed record RuntimeCheckResult(
    RuntimeCheckStepResult Step,
    DateTime TimerFiredAt,
    bool EventReceived,
    string? EventPayload,
    RuntimeCheckStepResult Child);

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

        context.SetCustomStatus("activity");
        var retry = TaskOptions.FromRetryPolicy(new RetryPolicy(
            maxNumberOfAttempts: input.SimulatedFailures + 2,
            firstRetryInterval: TimeSpan.FromMilliseconds(250),
            backoffCoefficient: 2));
        RuntimeCheckStepResult step = await context.CallActivityAsync<RuntimeCheckStepResult>(
            nameof(RuntimeCheckStepActivity), new RuntimeCheckStepInput(id, "activity", input.SimulatedFailures), retry);

        context.SetCustomStatus("timer");
        await context.CreateTimer(TimeSpan.FromSeconds(input.TimerSeconds), CancellationToken.None);
        DateTime timerFiredAt = context.CurrentUtcDateTime;

        context.SetCustomStatus("waiting for event");
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

        context.SetCustomStatus("sub-orchestration");
        RuntimeCheckStepResult child = await context.CallSubOrchestratorAsync<RuntimeCheckStepResult>(
            nameof(RuntimeCheckChildOrchestration),
            id,
            new SubOrchestrationOptions { InstanceId = $"{id}-child" });

        context.SetCustomStatus("done");
        return new RuntimeCheckResult(step, timerFiredAt, received, payload, child);
    }
}

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

/// <summary>
/// Counts executions of runtime-check steps in this process, so a step can fail a chosen number
/// of times and then succeed. Singleton.
/// </summary>
public sealed class RuntimeCheckAttempts
{
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);

    /// <summary>Records one more execution of a step and returns its number (1 = first).</summary>
    /// <param name="checkId">The check's instance id.</param>
    /// <param name="step">The step's name.</param>
    public int Next(string checkId, string step) =>
        _attempts.AddOrUpdate($"{checkId}/{step}", 1, static (_, n) => n + 1);
}

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
