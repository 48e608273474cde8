using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>
/// Deploys the challenger silently: a new version of the running service, on its canary at 0%, labelled with the
/// challenger's version so the deploy wait can tell it is the challenger. A canary left by an earlier update is rolled
/// back first (the activity then fails and its retry deploys).
/// </summary>
/// <param name="platform">The compute platform.</param>
public sealed class DeployChallengerActivity(IComputePlatform platform) : TaskActivity<DeployRequest, ServiceInfo>
{
    /// <inheritdoc />
    public override async Task<ServiceInfo> RunAsync(TaskActivityContext context, DeployRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ServiceInfo service = await platform.FindServiceAsync(input.ServiceName)
            ?? throw new InvalidOperationException($"Service '{input.ServiceName}' does not exist.");
        if (service.Canary?.Version == input.Challenger.Version)
        {
            return service;
        }

        if (service.Canary is { } stale)
        {
            await platform.RollbackServiceAsync(service.Id);
            throw new InvalidOperationException(
                $"Service '{input.ServiceName}' still had version {stale.Version} on its canary; it was rolled back, and the challenger is deployed on the next attempt.");
        }

        if (service.State == ServicePhase.RollingBack)
        {
            throw new InvalidOperationException($"Service '{input.ServiceName}' is rolling back; the challenger is deployed on the next attempt.");
        }

        return await platform.ApplyServiceAsync(new ServiceSpec(input.ServiceName, input.Challenger, CanaryPercent: 0));
    }
}
