namespace Feedback.Pipeline.Ports;

/// <summary>
/// The platform's service and version state names (Anyscale <c>ServiceEventCurrentState</c> and
/// <c>ServiceVersionState</c>; docs/real-services.md).
/// </summary>
public static class ServiceStates
{
    /// <summary>Serving.</summary>
    public const string Running = "RUNNING";
    /// <summary>Starting (service or version).</summary>
    public const string Starting = "STARTING";
    /// <summary>Updating in place.</summary>
    public const string Updating = "UPDATING";
    /// <summary>A canary is being rolled out (service).</summary>
    public const string RollingOut = "ROLLING_OUT";
    /// <summary>A rollout is being rolled back (service).</summary>
    public const string RollingBack = "ROLLING_BACK";
    /// <summary>Health checks fail; often recovers by itself.</summary>
    public const string Unhealthy = "UNHEALTHY";
    /// <summary>The platform failed.</summary>
    public const string SystemFailure = "SYSTEM_FAILURE";
    /// <summary>The user's configuration or code failed (service).</summary>
    public const string UserErrorFailure = "USER_ERROR_FAILURE";
    /// <summary>Shutting down.</summary>
    public const string Terminating = "TERMINATING";
    /// <summary>Stopped.</summary>
    public const string Terminated = "TERMINATED";
}
