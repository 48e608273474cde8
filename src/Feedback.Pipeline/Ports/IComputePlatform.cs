namespace Feedback.Pipeline.Ports;

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
