namespace Feedback.Pipeline.Runtime;

/// <summary>Input of <see cref="RuntimeCheckStepActivity"/>.</summary>
/// <param name="CheckId">The instance id of the check, so attempts are counted per check.</param>
/// <param name="Step">The step's name.</param>
/// <param name="SimulatedFailures">How many executions fail before one succeeds.</param>
public sealed record RuntimeCheckStepInput(string CheckId, string Step, int SimulatedFailures);
