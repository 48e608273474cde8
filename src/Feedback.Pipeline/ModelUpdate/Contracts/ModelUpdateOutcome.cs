using System.Text.Json.Serialization;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>How a model update ended (serialised in kebab case, e.g. <c>below-threshold</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ModelUpdateOutcome>))]
public enum ModelUpdateOutcome
{
    /// <summary>Fewer new labelled records than the threshold; nothing submitted.</summary>
    [JsonStringEnumMemberName("below-threshold")]
    BelowThreshold,

    /// <summary>A model was already fine-tuned on this version or on a later one that holds it.</summary>
    [JsonStringEnumMemberName("covered")]
    Covered,

    /// <summary>The challenger is on the canary at 0%; the rollout is left to a manual start.</summary>
    [JsonStringEnumMemberName("deployed")]
    Deployed,

    /// <summary>The challenger was promoted to champion.</summary>
    [JsonStringEnumMemberName("promoted")]
    Promoted,

    /// <summary>The challenger was rejected; the champion stays.</summary>
    [JsonStringEnumMemberName("rejected")]
    Rejected,

    /// <summary>Still waiting for another update's lease; continued as new.</summary>
    [JsonStringEnumMemberName("waiting")]
    Waiting,
}
