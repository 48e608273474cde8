using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>
/// Creates the service with the base model as its primary when it does not exist yet, so the challenger is still
/// compared and the base model keeps answering until a decision. A service that exists is left as it is.
/// </summary>
/// <param name="platform">The compute platform.</param>
/// <param name="jobs">How models are served.</param>
public sealed class EnsureServiceActivity(IComputePlatform platform, IFineTuneJobs jobs) : TaskActivity<EnsureServiceRequest, ServiceInfo>
{
    /// <inheritdoc />
    public override async Task<ServiceInfo> RunAsync(TaskActivityContext context, EnsureServiceRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return await platform.FindServiceAsync(input.ServiceName)
            ?? await platform.ApplyServiceAsync(new ServiceSpec(input.ServiceName, jobs.Describe(input.BaseModelId)));
    }
}
