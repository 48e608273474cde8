using System.Text.Json.Serialization;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>What the model update's gate decided.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<GateVerdict>))]
public enum GateVerdict
{
    /// <summary>Enough new labelled records, and the lease is this update's: fine-tune.</summary>
    Proceed,

    /// <summary>Fewer new labelled records than the threshold: nothing to do.</summary>
    BelowThreshold,

    /// <summary>A model was already fine-tuned on this dataset version or on a later one that contains it: nothing to do.</summary>
    Covered,

    /// <summary>Another model update holds the lease: wait for it, then ask again.</summary>
    Wait,
}
