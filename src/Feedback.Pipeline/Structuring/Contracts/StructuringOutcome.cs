using System.Text.Json.Serialization;

namespace Feedback.Pipeline.Structuring;

/// <summary>How structuring a dataset version ended (serialised as <c>structured</c>, <c>skipped</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StructuringOutcome>))]
public enum StructuringOutcome
{
    /// <summary>The champion structured the version's unlabelled feedback.</summary>
    [JsonStringEnumMemberName("structured")]
    Structured,

    /// <summary>Nothing to structure, or no champion to do it.</summary>
    [JsonStringEnumMemberName("skipped")]
    Skipped,
}
