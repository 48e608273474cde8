using System.Text.Json.Nodes;

namespace Feedback.Emulator.Platform;

/// <summary>What an apply asks for, already checked against the request's schema.</summary>
/// <param name="Name">The service.</param>
/// <param name="ProjectId">The project.</param>
/// <param name="Version">The version label, or null for the config's hash.</param>
/// <param name="CanaryPercent">The canary's weight, or null for an automatic rollout.</param>
/// <param name="RayServeConfig">The config.</param>
/// <param name="BuildId">The build.</param>
/// <param name="ComputeConfigId">The compute config.</param>
/// <param name="InPlace">Whether the rollout strategy is IN_PLACE.</param>
public sealed record ApplyRequest(string Name, string ProjectId, string? Version, int? CanaryPercent, JsonObject RayServeConfig, string BuildId, string ComputeConfigId, bool InPlace);
