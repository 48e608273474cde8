using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>Submits a fine-tuning job unless one with its name exists, once even when two runs of this step overlap (<see cref="JobSubmissions"/>).</summary>
/// <param name="submissions">The job submissions.</param>
public sealed class SubmitFineTuneJobActivity(JobSubmissions submissions) : TaskActivity<FineTuneJobSubmission, ComputeJob>
{
    /// <inheritdoc />
    public override async Task<ComputeJob> RunAsync(TaskActivityContext context, FineTuneJobSubmission input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return await submissions.SubmitOnceAsync(input.Job, input.Claimant);
    }
}
