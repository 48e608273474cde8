using Feedback.Pipeline.ModelUpdate;

namespace Feedback.Pipeline.Ports;

/// <summary>Prepares fine-tuning jobs: writes the job's configuration next to the dataset version and describes the job.</summary>
public interface IFineTuneJobs
{
    /// <summary>Writes the configuration for fine-tuning on <paramref name="datasetVersion"/> and returns the job to run (deterministic: the same version gives the same job).</summary>
    /// <param name="datasetVersion">The dataset version to train on.</param>
    /// <param name="policy">Polling, timeout and attempts.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<FineTuneRequest> PrepareAsync(string datasetVersion, FineTunePolicy policy, CancellationToken cancellationToken = default);
}
