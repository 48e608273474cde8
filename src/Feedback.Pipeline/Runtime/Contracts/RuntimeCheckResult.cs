namespace Feedback.Pipeline.Runtime;

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
