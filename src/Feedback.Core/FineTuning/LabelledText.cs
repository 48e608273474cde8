using System.Text.Json.Serialization;

namespace Feedback.Core.FineTuning;

/// <summary>A feedback text with its MR: the plain labelled-pair format of the data files.</summary>
/// <param name="Text">The feedback text.</param>
/// <param name="Mr">The MR.</param>
public sealed record LabelledText(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("mr")] string Mr);
