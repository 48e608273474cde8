using System.Text.Json;
using Feedback.Core.Jsonl;

namespace Feedback.Pipeline;

/// <summary>Reads a labelled line in either of the product's formats: a chat example or a text/mr pair.</summary>
internal static class LabelledLines
{
    /// <summary>The text and the MR of a line (the MR is null when a pair has none).</summary>
    public static (string? Text, string? Mr) Read(JsonlLine line)
    {
        using JsonDocument document = JsonDocument.Parse(line.Bytes);
        JsonElement root = document.RootElement;
        return root.TryGetProperty("messages", out JsonElement messages)
            ? (messages[1].GetProperty("content").GetString(), messages[2].GetProperty("content").GetString())
            : (root.GetProperty("text").GetString(), root.TryGetProperty("mr", out JsonElement mr) ? mr.GetString() : null);
    }
}
