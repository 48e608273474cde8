using Feedback.Pipeline.Ports;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>The canary's service time, from the platform's timestamps.</summary>
internal static class CanaryService
{
    /// <summary>Minutes since the challenger's canary was created, or null when it is not on the canary.</summary>
    public static async Task<double?> MinutesAsync(IComputePlatform platform, RolloutRequest request, TimeProvider time)
    {
        ServiceInfo? service = await platform.FindServiceAsync(request.ServiceName);
        return service?.Canary is { Version: var version, CreatedAt: { } created } && version == ServingVersions.LabelOf(request.ChallengerModelId)
            ? (time.GetUtcNow() - created).TotalMinutes
            : null;
    }
}
