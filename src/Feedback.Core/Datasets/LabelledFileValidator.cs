using System.Text;
using System.Text.Json;
using Feedback.Core.FineTuning;
using Feedback.Core.Jsonl;
using Feedback.Core.Mr;
using Feedback.Core.Records;

namespace Feedback.Core.Datasets;

/// <summary>
/// Validates a JSONL file of labelled examples: <c>{"text", "mr"}</c> pairs, chat examples
/// (<c>{"messages": [system, user, assistant]}</c> with the current system prompt), or the rows of a source
/// export (Discord messages, Twitch chat events) whose MR label, in <c>viggo_mr</c>, is optional. Streams in
/// constant memory; each invalid line is reported through a callback as it is met.
/// </summary>
public static class LabelledFileValidator
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>Validates <paramref name="stream"/>, calling <paramref name="onInvalid"/> for each bad line.</summary>
    public static async Task<LabelledFileSummary> ValidateAsync(
        Stream stream,
        Action<InvalidLine> onInvalid,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(onInvalid);
        var summary = new LabelledFileSummary();
        await foreach (var line in JsonlReader.ReadLinesAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            summary.Lines++;
            var (act, reason) = Check(line);
            if (reason is null)
            {
                summary.Valid++;
                if (act is { } a) summary.Count(a);
                else summary.Unlabelled++;
            }
            else
            {
                onInvalid(new InvalidLine(line.Number, reason));
            }
        }
        return summary;
    }

    /// <summary>Checks one line; returns the act when valid (null for a valid unlabelled source row), or the reason it is not.</summary>
    public static (DialogueAct? Act, string? Reason) Check(JsonlLine line)
    {
        if (line.TooLong) return (default, "line too long");
        try
        {
            _ = StrictUtf8.GetCharCount(line.Bytes.Span);
        }
        catch (DecoderFallbackException)
        {
            return (default, "invalid UTF-8");
        }

        string? text;
        string? mr;
        try
        {
            using var doc = JsonDocument.Parse(line.Bytes);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return (default, "not a JSON object");
            var root = doc.RootElement;
            if (root.TryGetProperty("channel_id", out _) || root.TryGetProperty("chatter_user_login", out _))
            {
                var shape = CheckSourceRow(root, out text, out mr);
                if (shape is not null) return (default, shape);
                if (string.IsNullOrWhiteSpace(FeedbackText.Normalize(text!))) return (default, "empty text");
                if (text!.Length > FeedbackText.MaxLength) return (default, $"text longer than {FeedbackText.MaxLength} characters");
                if (mr is null) return (null, null);
            }
            else if (root.TryGetProperty("messages", out var messages))
            {
                var shape = CheckChat(messages, out text, out mr);
                if (shape is not null) return (default, shape);
            }
            else
            {
                text = GetString(doc.RootElement, "text");
                mr = GetString(doc.RootElement, "mr");
                if (text is null) return (default, "missing string field 'text'");
                if (mr is null) return (default, "missing string field 'mr'");
            }
        }
        catch (JsonException ex)
        {
            return (default, $"broken JSON: {ex.Message}");
        }

        if (string.IsNullOrWhiteSpace(text)) return (default, "empty text");
        if (text.Length > FeedbackText.MaxLength) return (default, $"text longer than {FeedbackText.MaxLength} characters");
        var check = MrCheck.Check(mr);
        return check.IsValid ? (check.Mr.Act, null) : (default, check.Reason);
    }

    private static string? CheckChat(JsonElement messages, out string? text, out string? mr)
    {
        text = mr = null;
        if (messages.ValueKind != JsonValueKind.Array) return "'messages' is not an array";
        if (messages.GetArrayLength() != 3) return $"expected 3 messages (system, user, assistant), found {messages.GetArrayLength()}";
        string[] roles = ["system", "user", "assistant"];
        var contents = new string?[3];
        for (var i = 0; i < 3; i++)
        {
            var message = messages[i];
            if (message.ValueKind != JsonValueKind.Object) return $"message {i + 1} is not an object";
            var role = GetString(message, "role");
            if (!string.Equals(role, roles[i], StringComparison.Ordinal)) return $"message {i + 1} should have role '{roles[i]}', has '{role}'";
            contents[i] = GetString(message, "content");
            if (contents[i] is null) return $"message {i + 1} has no string 'content'";
        }
        if (!string.Equals(contents[0], ViggoPrompt.System, StringComparison.Ordinal))
            return $"the system prompt is not the {ViggoPrompt.Version} prompt";
        text = contents[1];
        mr = contents[2];
        return null;
    }

    private static string? CheckSourceRow(JsonElement row, out string? text, out string? mr)
    {
        text = mr = null;
        var discord = row.TryGetProperty("channel_id", out _);
        string[] required = discord ? ["id", "content", "timestamp"] : ["message_id", "sent_at"];
        foreach (var field in required)
        {
            if (!row.TryGetProperty(field, out var value)) return $"missing field '{field}'";
            if (value.ValueKind != JsonValueKind.String) return $"field '{field}' should be a string, is {value.ValueKind}";
        }
        var time = GetString(row, discord ? "timestamp" : "sent_at");
        if (!DateTimeOffset.TryParse(time, System.Globalization.CultureInfo.InvariantCulture, out _)) return $"timestamp '{time}' is not a date";
        if (discord)
        {
            text = GetString(row, "content");
        }
        else
        {
            if (!row.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object) return "missing field 'message'";
            text = GetString(message, "text");
            if (text is null) return "missing string field 'message.text'";
        }
        if (row.TryGetProperty("viggo_mr", out var label) && label.ValueKind != JsonValueKind.Null)
        {
            if (label.ValueKind != JsonValueKind.String) return $"field 'viggo_mr' should be a string, is {label.ValueKind}";
            mr = label.GetString();
        }
        return null;
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
