using System.Text.Json.Serialization;

namespace Feedback.Core.FineTuning;

/// <summary>One fine-tuning example: <c>{"messages": [system, user, assistant]}</c>.</summary>
/// <param name="Messages">The messages.</param>
public sealed record ChatExample([property: JsonPropertyName("messages")] IReadOnlyList<ChatMessage> Messages)
{
    /// <summary>Builds the example for a feedback text and its MR with the current system prompt.</summary>
    public static ChatExample Create(string text, string mr) =>
        new([new("system", ViggoPrompt.System), new("user", text), new("assistant", mr)]);

    /// <summary>The feedback text (the user message), or null when the shape is wrong.</summary>
    [JsonIgnore]
    public string? Text => Messages.Count == 3 ? Messages[1].Content : null;

    /// <summary>The MR (the assistant message), or null when the shape is wrong.</summary>
    [JsonIgnore]
    public string? Mr => Messages.Count == 3 ? Messages[2].Content : null;
}
