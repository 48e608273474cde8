namespace Feedback.Pipeline.Runtime;

/// <summary>What one execution of <see cref="RuntimeCheckStepActivity"/> reports.</summary>
/// <param name="Step">The step's name.</param>
/// <param name="Attempt">Which execution of this step in this process it was (1 = first).</param>
/// <param name="Machine">The machine the activity ran on.</param>
/// <param name="ProcessId">The process the activity ran in.</param>
public sealed record RuntimeCheckStepResult(string Step, int Attempt, string Machine, int ProcessId);
