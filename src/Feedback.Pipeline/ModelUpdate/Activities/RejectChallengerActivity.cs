using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>Rejects the challenger: the canary is rolled back, the registry marks it rejected, the champion stays.</summary>
/// <param name="platform">The compute platform.</param>
/// <param name="registry">The model registry.</param>
/// <param name="time">The clock.</param>
public sealed class RejectChallengerActivity(IComputePlatform platform, ModelRegistry registry, TimeProvider time) : TaskActivity<RolloutDecisionInput, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, RolloutDecisionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        double? canaryMinutes = await CanaryService.MinutesAsync(platform, input.Request, time);
        await registry.RecordMetricsAsync(input.Request.ChallengerModelId, input.Score.Challenger, canaryMinutes);
        if (await platform.FindServiceAsync(input.Request.ServiceName) is { Canary: not null } service)
        {
            await platform.RollbackServiceAsync(service.Id);
        }

        await registry.RejectAsync(input.Request.ChallengerModelId);
        return true;
    }
}
