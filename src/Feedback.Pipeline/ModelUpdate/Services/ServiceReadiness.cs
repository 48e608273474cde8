using Feedback.Pipeline.Ports;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>What a deploy wait concludes from one reading of the service: ready, still waiting (and on what), or failed (and why).</summary>
/// <param name="Ready">The deployment is done.</param>
/// <param name="Waiting">What it still waits for.</param>
/// <param name="Failure">Why it failed, when it did.</param>
public sealed record ServiceReadiness(bool Ready, string? Waiting, string? Failure)
{
    private static readonly ServiceReadiness Done = new(true, null, null);

    /// <summary>
    /// The primary serves: the service is RUNNING, or ROLLING_OUT with a canary (its primary keeps serving). Fails on
    /// SYSTEM_FAILURE and USER_ERROR_FAILURE; waits through STARTING, UPDATING, ROLLING_BACK and UNHEALTHY (which
    /// usually recovers) until the deadline.
    /// </summary>
    /// <param name="service">The service as read.</param>
    public static ServiceReadiness PrimaryRunning(ServiceInfo service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return service.State switch
        {
            ServicePhase.Running or ServicePhase.RollingOut => Done,
            ServicePhase.SystemFailure or ServicePhase.UserErrorFailure or ServicePhase.Terminated =>
                new(false, null, $"the service is {service.State}{Reason(service)}"),
            _ => new(false, $"the service is {service.State}", null),
        };
    }

    /// <summary>
    /// The canary runs the version labelled <paramref name="version"/>. The platform's versions carry no model id, so
    /// the label the client applied is the proof. Fails when that version is SYSTEM_FAILURE or TERMINATED, or when the
    /// service failed.
    /// </summary>
    /// <param name="service">The service as read.</param>
    /// <param name="version">The challenger's version label.</param>
    public static ServiceReadiness CanaryRunning(ServiceInfo service, string version)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (service.State is ServicePhase.SystemFailure or ServicePhase.UserErrorFailure or ServicePhase.Terminated)
        {
            return new(false, null, $"the service is {service.State}{Reason(service)}");
        }

        if (service.Canary is not { } canary || canary.Version != version)
        {
            return new(false, $"the canary is {(service.Canary is null ? "missing" : $"version {service.Canary.Version}")}, not {version}", null);
        }

        return canary.State switch
        {
            ServicePhase.Running => Done,
            ServicePhase.SystemFailure or ServicePhase.Terminated or ServicePhase.Terminating =>
                new(false, null, $"its canary version {version} is {canary.State}{Reason(service)}"),
            _ => new(false, $"its canary version {version} is {canary.State}{Reason(service)}", null),
        };
    }

    private static string Reason(ServiceInfo service) => service.Error is { Length: > 0 } error ? $": {error}" : string.Empty;
}
