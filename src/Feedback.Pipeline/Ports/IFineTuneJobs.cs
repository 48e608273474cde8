using Feedback.Pipeline.ModelUpdate;

namespace Feedback.Pipeline.Ports;

/// <summary>
/// Fine-tuning jobs and their models' artifacts: packages a job's working directory, describes the job, and
/// makes a finished job's adapter servable.
/// </summary>
public interface IFineTuneJobs
{
    /// <summary>
    /// Packages the job's working directory for fine-tuning on <paramref name="datasetVersion"/> and returns the job
    /// to run (deterministic: the same version gives the same job, the same package and the same model id).
    /// </summary>
    /// <param name="datasetVersion">The dataset version to train on.</param>
    /// <param name="policy">Polling, timeout and attempts.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<FineTuneRequest> PrepareAsync(string datasetVersion, FineTunePolicy policy, CancellationToken cancellationToken = default);

    /// <summary>
    /// Checks that the fine-tuned model's adapter files are where its job wrote them and copies them to where the
    /// serving version loads them from (idempotent). Throws <see cref="FileNotFoundException"/> naming the missing
    /// file when the job's output is not there.
    /// </summary>
    /// <param name="modelId">The fine-tuned model id (<c>{base}:{adapter}</c>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<ServedModel> PublishAsync(string modelId, CancellationToken cancellationToken = default);

    /// <summary>How a model is served (version label and adapter folder), with no I/O.</summary>
    /// <param name="modelId">The base model id or a fine-tuned model id.</param>
    ServedModel Describe(string modelId);
}
