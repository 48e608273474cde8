using System.Text.Json;
using Feedback.Core.Records;

namespace Feedback.Pipeline.Structuring;

/// <summary>
/// The body of a structuring request: <c>{"text": "…"}</c> for one text or <c>{"texts": ["…", …]}</c> for a
/// batch. Each text is normalised like ingested feedback and must be non-empty and at most
/// <see cref="FeedbackText.MaxLength"/> characters; the batch holds 1 to <see cref="StructuringOptions.MaxBatchItems"/>
/// texts. Shared by the host's route and the Functions app's, so both refuse the same bodies.
/// </summary>
public static class StructureRequest
{
    /// <summary>Reads a request body.</summary>
    /// <param name="body">The body's bytes.</param>
    /// <param name="maxItems">The most texts allowed.</param>
    /// <param name="texts">The normalised texts, when the body is valid.</param>
    /// <param name="errors">Field to reasons, when it is not.</param>
    /// <returns>Whether the body is valid.</returns>
    public static bool TryRead(ReadOnlySpan<byte> body, int maxItems, out IReadOnlyList<string> texts, out IDictionary<string, string[]> errors)
    {
        texts = [];
        errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        JsonElement root;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 8 });
            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            errors["body"] = [$"not valid JSON: {e.Message}"];
            return false;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = ["send an object: {\"text\": \"...\"} or {\"texts\": [\"...\"]}"];
            return false;
        }

        bool hasText = root.TryGetProperty("text", out JsonElement single);
        bool hasTexts = root.TryGetProperty("texts", out JsonElement batch);
        if (hasText == hasTexts)
        {
            errors["body"] = ["send exactly one of 'text' (one text) or 'texts' (a batch)"];
            return false;
        }

        var result = new List<string>();
        if (hasText)
        {
            if (Check(single, "text", errors) is { } text)
            {
                result.Add(text);
            }
        }
        else if (batch.ValueKind != JsonValueKind.Array)
        {
            errors["texts"] = ["'texts' is an array of strings"];
        }
        else if (batch.GetArrayLength() is 0 || batch.GetArrayLength() > maxItems)
        {
            errors["texts"] = [$"send 1 to {maxItems} texts; this request has {batch.GetArrayLength()}"];
        }
        else
        {
            int i = 0;
            foreach (JsonElement item in batch.EnumerateArray())
            {
                if (Check(item, $"texts[{i}]", errors) is { } text)
                {
                    result.Add(text);
                }

                i++;
            }
        }

        if (errors.Count > 0)
        {
            return false;
        }

        texts = result;
        return true;
    }

    private static string? Check(JsonElement value, string field, IDictionary<string, string[]> errors)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            errors[field] = [$"a text is a JSON string, not {value.ValueKind.ToString().ToLowerInvariant()}"];
            return null;
        }

        string text = FeedbackText.Normalize(value.GetString()!);
        if (text.Length == 0)
        {
            errors[field] = ["the text is empty"];
            return null;
        }

        if (text.Length > FeedbackText.MaxLength)
        {
            errors[field] = [$"the text has {text.Length} characters, more than {FeedbackText.MaxLength}"];
            return null;
        }

        return text;
    }
}
