using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>Submits a job unless one with its name exists (the platform client looks it up first).</summary>
/// <param name="platform">The compute platform.</param>
public sealed class SubmitFineTuneJobActivity(IComputePlatform platform) : TaskActivity<JobSubmission, ComputeJob>
{
    /// <inheritdoc />
    public override async Task<ComputeJob> RunAsync(TaskActivityContext context, JobSubmission input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return await platform.FindJobAsync(input.Name) ?? await platform.SubmitJobAsync(input);
    }
}
