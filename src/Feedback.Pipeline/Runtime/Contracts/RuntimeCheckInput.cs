using System.ComponentModel.DataAnnotations;

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
