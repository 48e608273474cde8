namespace Feedback.Pipeline.Ports;

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
