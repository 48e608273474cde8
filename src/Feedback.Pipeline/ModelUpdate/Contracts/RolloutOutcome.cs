using System.Text.Json.Serialization;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>How a rollout ended (serialised as <c>promoted</c> or <c>rejected</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RolloutOutcome>))]
public enum RolloutOutcome
{
    /// <summary>The challenger takes all traffic and is the champion.</summary>
    [JsonStringEnumMemberName("promoted")]
    Promoted,

    /// <summary>The canary was rolled back; the champion stays.</summary>
    [JsonStringEnumMemberName("rejected")]
    Rejected,
}
