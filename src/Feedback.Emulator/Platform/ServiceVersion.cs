using System.Text.Json.Nodes;

namespace Feedback.Emulator.Platform;

/// <summary>One version of a service (the SDK's <c>ProductionServiceV2VersionModel</c>): no model id, the config it runs.</summary>
public sealed class ServiceVersion
{
    /// <summary>Version id.</summary>
    public required string Id { get; init; }
    /// <summary>The version label the client set, or the config's hash.</summary>
    public required string Version { get; init; }
    /// <summary>The <c>ray_serve_config</c> it runs.</summary>
    public required JsonObject RayServeConfig { get; init; }
    /// <summary>Its build.</summary>
    public required string BuildId { get; init; }
    /// <summary>Its compute config.</summary>
    public required string ComputeConfigId { get; init; }
    /// <summary>The hash of what it runs (config, build, compute config).</summary>
    public required string ConfigHash { get; init; }
    /// <summary>The models its config serves, read once when the version starts (empty until then, or when the config cannot run).</summary>
    public IReadOnlyList<ServedLlm> Models { get; set; } = [];
    /// <summary>State (<c>ServiceVersionState</c>).</summary>
    public string State { get; set; } = "STARTING";
    /// <summary>Traffic it is meant to get (percent).</summary>
    public int Weight { get; set; }
    /// <summary>Whether the rollout completes once this canary runs (an apply at 100, or no canary percent).</summary>
    public bool CompleteWhenRunning { get; set; }
    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The wire form.</summary>
    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["created_at"] = CreatedAt.ToString("O"),
        ["weight"] = Weight,
        ["current_weight"] = State == "RUNNING" ? Weight : 0,
        ["target_weight"] = Weight,
        ["version"] = Version,
        ["ray_serve_config"] = RayServeConfig.DeepClone(),
        ["ray_gcs_external_storage_config"] = null,
        ["build_id"] = BuildId,
        ["compute_config_id"] = ComputeConfigId,
        ["production_job_ids"] = new JsonArray(),
        ["current_state"] = State,
    };
}
