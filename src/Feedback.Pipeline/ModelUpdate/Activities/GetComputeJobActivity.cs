using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>Reads a job's state.</summary>
/// <param name="platform">The compute platform.</param>
public sealed class GetComputeJobActivity(IComputePlatform platform) : TaskActivity<string, ComputeJob>
{
    /// <inheritdoc />
    public override Task<ComputeJob> RunAsync(TaskActivityContext context, string input) => platform.GetJobAsync(input);
}
