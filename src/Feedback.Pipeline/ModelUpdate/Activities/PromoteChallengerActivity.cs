using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>Promotes the challenger: the canary takes all traffic, the champion alias moves (if the champion is still the one the decision assumed).</summary>
/// <param name="platform">The compute platform.</param>
/// <param name="jobs">How models are served.</param>
/// <param name="registry">The model registry.</param>
/// <param name="time">The clock.</param>
public sealed class PromoteChallengerActivity(IComputePlatform platform, IFineTuneJobs jobs, ModelRegistry registry, TimeProvider time) : TaskActivity<RolloutDecisionInput, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, RolloutDecisionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        double? canaryMinutes = await CanaryService.MinutesAsync(platform, input.Request, time);
        await registry.RecordMetricsAsync(input.Request.ChallengerModelId, input.Score.Challenger, canaryMinutes);
        await registry.PromoteAsync(input.Request.ChallengerModelId, input.ExpectedChampion, input.By, input.Evidence, input.At);
        // The same spec as the canary's (same version label and config) at 100%: the platform completes the rollout.
        await platform.ApplyServiceAsync(new ServiceSpec(input.Request.ServiceName, jobs.Describe(input.Request.ChallengerModelId), CanaryPercent: 100));
        return true;
    }
}
