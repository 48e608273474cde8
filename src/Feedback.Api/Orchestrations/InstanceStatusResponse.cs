using System.Text.Json;

namespace Feedback.Api.Orchestrations;

/// <summary>The status of one orchestration instance, in the shape of the Durable Functions HTTP API.</summary>
/// <param name="Name">The orchestration name.</param>
/// <param name="InstanceId">The instance id.</param>
/// <param name="RuntimeStatus">Pending, Running, Completed, ContinuedAsNew, Failed, Terminated or Suspended.</param>
/// <param name="Input">The input, as JSON.</param>
/// <param name="CustomStatus">The custom status, as JSON.</param>
/// <param name="Output">The output, as JSON; for a failed instance, the failure.</param>
/// <param name="CreatedTime">When the instance was created (UTC).</param>
/// <param name="LastUpdatedTime">When the instance last changed (UTC).</param>
public sealed record InstanceStatusResponse(
    string Name,
    string InstanceId,
    string RuntimeStatus,
    JsonElement? Input,
    JsonElement? CustomStatus,
    JsonElement? Output,
    DateTimeOffset CreatedTime,
    DateTimeOffset LastUpdatedTime);
