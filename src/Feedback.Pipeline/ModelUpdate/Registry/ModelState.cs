using System.Text.Json.Serialization;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>A registered model's state (serialised in lower case).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ModelState>))]
public enum ModelState
{
    /// <summary>Registered, being evaluated.</summary>
    [JsonStringEnumMemberName("challenger")]
    Challenger,

    /// <summary>The model in production.</summary>
    [JsonStringEnumMemberName("champion")]
    Champion,

    /// <summary>A former champion.</summary>
    [JsonStringEnumMemberName("retired")]
    Retired,

    /// <summary>A challenger that lost its rollout.</summary>
    [JsonStringEnumMemberName("rejected")]
    Rejected,
}
