using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>Makes a fine-tuned model's adapter servable: checks the job's output is there and copies it where the service loads it.</summary>
/// <param name="jobs">The fine-tune jobs.</param>
public sealed class PublishAdapterActivity(IFineTuneJobs jobs) : TaskActivity<string, ServedModel>
{
    /// <inheritdoc />
    public override Task<ServedModel> RunAsync(TaskActivityContext context, string input) => jobs.PublishAsync(input);
}
