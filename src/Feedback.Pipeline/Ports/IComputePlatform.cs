namespace Feedback.Pipeline.Ports;

/// <summary>What a fine-tuning job's platform state means to the pipeline.</summary>
public enum JobPhase
{
    /// <summary>Queued or waiting for its cluster.</summary>
    Starting,
    /// <summary>Running (or transiently errored and retrying).</summary>
    Running,
    /// <summary>Finished successfully.</summary>
    Succeeded,
    /// <summary>Finished without a model.</summary>
    Failed,
}

/// <summary>A fine-tuning job as the pipeline sees it. Carries no secrets.</summary>
/// <param name="Id">Platform id.</param>
/// <param name="Name">The deterministic name it was submitted under.</param>
/// <param name="State">The platform's own state name.</param>
/// <param name="Phase">What the state means.</param>
/// <param name="Error">The platform's error, when failed.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="FinishedAt">When it finished, if it has.</param>
public sealed record ComputeJob(string Id, string Name, string State, JobPhase Phase, string? Error, DateTimeOffset? CreatedAt, DateTimeOffset? FinishedAt);

/// <summary>A job to submit.</summary>
/// <param name="Name">Deterministic name: the idempotency key.</param>
/// <param name="Entrypoint">The command the job runs, e.g. <c>llmforge anyscale finetune config.yaml</c>.</param>
/// <param name="WorkingDirectory">
/// The remote URI of the job's working directory packaged as a zip (<c>s3://…/pkg_{hash}.zip</c>): the platform takes
/// only a remote URI, never a local path; relative paths in the entrypoint resolve inside it.
/// </param>
/// <param name="EnvironmentVariables">Non-secret environment of the job.</param>
/// <param name="MaxRetries">Platform-side retries.</param>
public sealed record JobSubmission(string Name, string Entrypoint, string WorkingDirectory, IReadOnlyDictionary<string, string> EnvironmentVariables, int MaxRetries = 0);

/// <summary>One version of a service.</summary>
/// <param name="Id">Version id.</param>
/// <param name="Version">Version label.</param>
/// <param name="State">Platform state (STARTING, RUNNING, UNHEALTHY, ...).</param>
/// <param name="Weight">Traffic it gets now (percent).</param>
/// <param name="TargetWeight">Traffic it is meant to get.</param>
/// <param name="CreatedAt">When it started.</param>
/// <remarks>
/// The platform's version objects carry no model id: which model a version serves is known from the
/// <see cref="Version"/> label the client set when it applied (<see cref="ServedModel.Version"/>).
/// </remarks>
public sealed record ServiceVersionInfo(string Id, string Version, string State, int Weight, int TargetWeight, DateTimeOffset? CreatedAt);

/// <summary>A service as the pipeline sees it. The endpoint's auth token is deliberately absent.</summary>
/// <param name="Id">Service id.</param>
/// <param name="Name">Unique name.</param>
/// <param name="State">Service state.</param>
/// <param name="BaseUrl">Where its OpenAI-compatible endpoint lives.</param>
/// <param name="Error">The platform's error message.</param>
/// <param name="Primary">The version taking traffic.</param>
/// <param name="Canary">The version being rolled out.</param>
public sealed record ServiceInfo(string Id, string Name, string State, string BaseUrl, string? Error, ServiceVersionInfo? Primary, ServiceVersionInfo? Canary);

/// <summary>
/// A model as a service version serves it: the base model with, for a fine-tuned model, its LoRA adapter
/// loaded dynamically from <paramref name="LoraUri"/>.
/// </summary>
/// <param name="ModelId">The id clients ask for: the base model id, or <c>{base}:{adapter}</c>.</param>
/// <param name="BaseModelId">The base model (text before the first colon).</param>
/// <param name="Version">The service version label that serves it (deterministic: the adapter's name, or <c>base</c>).</param>
/// <param name="LoraUri">The remote folder the version loads adapters from (<c>dynamic_lora_loading_path</c>); its sub-folder <c>{adapter}</c> holds this model's adapter.</param>
public sealed record ServedModel(string ModelId, string BaseModelId, string Version, string LoraUri);

/// <summary>A service spec to apply (create or update by name).</summary>
/// <param name="Name">Service name.</param>
/// <param name="Model">The model the version serves.</param>
/// <param name="CanaryPercent">
/// Null to create the service (the platform ignores a canary percent on create or restart), 0 for a silent
/// canary, 100 to complete the rollout.
/// </param>
public sealed record ServiceSpec(string Name, ServedModel Model, int? CanaryPercent = null);

/// <summary>The compute platform that fine-tunes and serves models (Anyscale).</summary>
public interface IComputePlatform
{
    /// <summary>Submits a job unless one with the same name exists, which is returned instead.</summary>
    Task<ComputeJob> SubmitJobAsync(JobSubmission submission, CancellationToken cancellationToken = default);

    /// <summary>The newest job with this name, or null.</summary>
    Task<ComputeJob?> FindJobAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>A job by id.</summary>
    Task<ComputeJob> GetJobAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Terminates a job (no-op when it has finished).</summary>
    Task<ComputeJob> TerminateJobAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Creates or updates a service by name.</summary>
    Task<ServiceInfo> ApplyServiceAsync(ServiceSpec spec, CancellationToken cancellationToken = default);

    /// <summary>The live service with this name, or null.</summary>
    Task<ServiceInfo?> FindServiceAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>A service by id.</summary>
    Task<ServiceInfo> GetServiceAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Rolls back the canary (only valid while a rollout is in progress); returns the service as read afterwards.</summary>
    Task<ServiceInfo> RollbackServiceAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Terminates the service.</summary>
    Task<ServiceInfo> TerminateServiceAsync(string id, CancellationToken cancellationToken = default);
}

/// <summary>Asks a served model to structure a feedback text.</summary>
public interface IModelEndpoint
{
    /// <summary>The model's raw answer for <paramref name="text"/>; <paramref name="canary"/> targets the canary version.</summary>
    Task<string> CompleteAsync(string serviceName, string modelId, string text, bool canary, CancellationToken cancellationToken = default);
}
