using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Ports;

namespace Feedback.Pipeline.Tests;

/// <summary>A compute platform the test expects never to be called: every call fails the orchestration that makes it.</summary>
internal sealed class UnreachablePlatform : IComputePlatform, IFineTuneJobs
{
    public int Calls { get; private set; }

    public Task<ComputeJob> SubmitJobAsync(JobSubmission submission, CancellationToken cancellationToken = default) => throw Called();

    public Task<ComputeJob?> FindJobAsync(string name, CancellationToken cancellationToken = default) => throw Called();

    public Task<ComputeJob> GetJobAsync(string id, CancellationToken cancellationToken = default) => throw Called();

    public Task<ComputeJob> TerminateJobAsync(string id, CancellationToken cancellationToken = default) => throw Called();

    public Task<ServiceInfo> ApplyServiceAsync(ServiceSpec spec, CancellationToken cancellationToken = default) => throw Called();

    public Task<ServiceInfo?> FindServiceAsync(string name, CancellationToken cancellationToken = default) => throw Called();

    public Task<ServiceInfo> GetServiceAsync(string id, CancellationToken cancellationToken = default) => throw Called();

    public Task<ServiceInfo> RollbackServiceAsync(string id, CancellationToken cancellationToken = default) => throw Called();

    public Task<ServiceInfo> TerminateServiceAsync(string id, CancellationToken cancellationToken = default) => throw Called();

    public Task<FineTuneRequest> PrepareAsync(string datasetVersion, FineTunePolicy policy, CancellationToken cancellationToken = default) => throw Called();

    public Task<ServedModel> PublishAsync(string modelId, CancellationToken cancellationToken = default) => throw Called();

    public ServedModel Describe(string modelId) => throw Called();

    private InvalidOperationException Called()
    {
        Calls++;
        return new InvalidOperationException("The gate should have ended the update before it reached the platform.");
    }
}
