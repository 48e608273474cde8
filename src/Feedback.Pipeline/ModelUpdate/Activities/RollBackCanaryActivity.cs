using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>Rolls back a service's canary (one that never became healthy), leaving the primary alone.</summary>
/// <param name="platform">The compute platform.</param>
public sealed class RollBackCanaryActivity(IComputePlatform platform) : TaskActivity<string, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, string input)
    {
        ServiceInfo service = await platform.GetServiceAsync(input);
        if (service.Canary is null)
        {
            return false;
        }

        await platform.RollbackServiceAsync(input);
        return true;
    }
}
