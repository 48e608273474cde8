using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>Terminates a job (idempotent: a finished job stays finished).</summary>
/// <param name="platform">The compute platform.</param>
public sealed class TerminateComputeJobActivity(IComputePlatform platform) : TaskActivity<string, ComputeJob>
{
    /// <inheritdoc />
    public override Task<ComputeJob> RunAsync(TaskActivityContext context, string input) => platform.TerminateJobAsync(input);
}
