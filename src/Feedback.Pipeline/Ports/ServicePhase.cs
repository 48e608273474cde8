using System.Text.Json.Serialization;

namespace Feedback.Pipeline.Ports;

/// <summary>
/// What a service's (or a service version's) platform state means to the pipeline. The compute platform's adapter maps
/// its own state names onto these (Anyscale's <c>ServiceEventCurrentState</c> and <c>ServiceVersionState</c>:
/// docs/real-services.md).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ServicePhase>))]
public enum ServicePhase
{
    /// <summary>A state the adapter does not know; treated as not ready yet.</summary>
    Unknown,

    /// <summary>Starting (service or version).</summary>
    Starting,

    /// <summary>Serving.</summary>
    Running,

    /// <summary>Updating in place.</summary>
    Updating,

    /// <summary>A canary is being rolled out (service).</summary>
    RollingOut,

    /// <summary>A rollout is being rolled back (service).</summary>
    RollingBack,

    /// <summary>Health checks fail; often recovers by itself.</summary>
    Unhealthy,

    /// <summary>The platform failed.</summary>
    SystemFailure,

    /// <summary>The user's configuration or code failed (service).</summary>
    UserErrorFailure,

    /// <summary>Shutting down.</summary>
    Terminating,

    /// <summary>Stopped.</summary>
    Terminated,
}
