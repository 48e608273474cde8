using System.Text;
using System.Text.Json;
using Feedback.Core.FineTuning;
using Feedback.Core.Jsonl;
using Feedback.Core.Mr;

namespace Feedback.Core.Datasets;

/// <summary>One line of a labelled file that is not a valid example.</summary>
/// <param name="LineNumber">One-based line number.</param>
/// <param name="Reason">Why it is invalid.</param>
public sealed record InvalidLine(long LineNumber, string Reason);

/// <summary>What validating a labelled file found.</summary>
public sealed class LabelledFileSummary
{
    private readonly Dictionary<DialogueAct, long> _byAct = [];

    /// <summary>Non-blank lines read.</summary>
    public long Lines { get; internal set; }

    /// <summary>Lines that are valid examples.</summary>
    public long Valid { get; internal set; }

    /// <summary>Lines that are not.</summary>
    public long Invalid => Lines - Valid;

    /// <summary>Valid examples per dialogue act.</summary>
    public IReadOnlyDictionary<DialogueAct, long> ByAct => _byAct;

    /// <summary>Whether every line is valid (and there is at least one).</summary>
    public bool AllValid => Lines > 0 && Invalid == 0;

    internal void Count(DialogueAct act) => _byAct[act] = _byAct.GetValueOrDefault(act) + 1;
}

/// <summary>
/// Validates a JSONL file of labelled examples in either format: <c>{"text", "mr"}</c> pairs or chat examples
/// (<c>{"messages": [system, user, assistant]}</c> with the current system prompt). Streams in constant memory;
/// each invalid line is reported through a callback as it is met.
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
                summary.Count(act);
            }
            else
            {
                onInvalid(new InvalidLine(line.Number, reason));
            }
        }
        return summary;
    }

    /// <summary>Checks one line; returns the act when valid, or the reason it is not.</summary>
    public static (DialogueAct Act, string? Reason) Check(JsonlLine line)
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
            if (doc.RootElement.TryGetProperty("messages", out var messages))
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

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
