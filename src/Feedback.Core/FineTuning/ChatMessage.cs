using System.Text.Json.Serialization;

namespace Feedback.Core.FineTuning;

/// <summary>One chat message of the OpenAI fine-tuning format.</summary>
/// <param name="Role"><c>system</c>, <c>user</c> or <c>assistant</c>.</param>
/// <param name="Content">The text.</param>
public sealed record ChatMessage(
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("content")] string Content);
