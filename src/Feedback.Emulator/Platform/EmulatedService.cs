using System.Text.Json.Nodes;

namespace Feedback.Emulator.Platform;

/// <summary>A service with a primary version and, during a rollout, a canary (the SDK's <c>ProductionServiceV2Model</c>).</summary>
public sealed class EmulatedService
{
    /// <summary>Id, <c>service2_...</c>.</summary>
    public required string Id { get; init; }
    /// <summary>The name, unique in its project.</summary>
    public required string Name { get; init; }
    /// <summary>The project.</summary>
    public required string ProjectId { get; init; }
    /// <summary>The bearer token of the service's endpoint.</summary>
    public required string AuthToken { get; init; }
    /// <summary>Service state (<c>ServiceEventCurrentState</c>).</summary>
    public string State { get; set; } = "STARTING";
    /// <summary>Why it failed.</summary>
    public string? ErrorMessage { get; set; }
    /// <summary>The version taking traffic.</summary>
    public ServiceVersion? Primary { get; set; }
    /// <summary>The version being rolled out.</summary>
    public ServiceVersion? Canary { get; set; }
    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>When it ended.</summary>
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>The wire form; <paramref name="baseUrl"/> is where its OpenAI endpoint lives.</summary>
    public JsonObject ToJson(string baseUrl) => new()
    {
        ["id"] = Id,
        ["name"] = Name,
        ["description"] = null,
        ["project_id"] = ProjectId,
        ["cloud_id"] = "cld_emulator",
        ["creator_id"] = "usr_emulator",
        ["created_at"] = CreatedAt.ToString("O"),
        ["ended_at"] = EndedAt?.ToString("O"),
        ["hostname"] = new Uri(baseUrl).Authority,
        ["base_url"] = baseUrl,
        ["current_state"] = State,
        ["goal_state"] = State is "TERMINATING" or "TERMINATED" ? "TERMINATED" : "RUNNING",
        ["auth_token"] = AuthToken,
        ["auto_rollout_enabled"] = true,
        ["error_message"] = ErrorMessage,
        ["versions"] = new JsonArray([.. new[] { Primary, Canary }.OfType<ServiceVersion>().Select(v => (JsonNode)v.ToJson())]),
        ["primary_version"] = Primary?.ToJson(),
        ["canary_version"] = Canary?.ToJson(),
        ["service_observability_urls"] = null,
    };
}
