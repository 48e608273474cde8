using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>Writes the job's configuration and describes the job.</summary>
/// <param name="jobs">The fine-tune job factory.</param>
public sealed class PrepareFineTuneActivity(IFineTuneJobs jobs) : TaskActivity<PrepareFineTune, FineTuneRequest>
{
    /// <inheritdoc />
    public override Task<FineTuneRequest> RunAsync(TaskActivityContext context, PrepareFineTune input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return jobs.PrepareAsync(input.DatasetVersion, input.Policy);
    }
}
