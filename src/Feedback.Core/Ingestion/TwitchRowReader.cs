using System.Text.Json;

namespace Feedback.Core.Ingestion;

/// <summary>Twitch chat message events (<c>message_id</c>, <c>message.text</c>, <c>sent_at</c>), annotated in <c>viggo_mr</c>.</summary>
public sealed class TwitchRowReader : ISourceRowReader
{
    /// <inheritdoc />
    public string Format => "twitch";

    /// <inheritdoc />
    public SourceFields Fields { get; } = new("message_id", "text", "sent_at", "viggo_mr", textParent: "message");

    /// <inheritdoc />
    public ShapeProblem? Read(JsonElement row, out RawFeedback feedback)
    {
        feedback = default;
        if (SourceRowReaders.RequireString(row, "message_id", "message_id", out string id) is { } p1) return p1;
        if (SourceRowReaders.RequireTime(row, "sent_at", out DateTimeOffset at) is { } p2) return p2;

        if (!row.TryGetProperty("message", out JsonElement message))
        {
            return new ShapeProblem(QuarantineReason.MissingField, "missing field 'message'");
        }

        if (message.ValueKind != JsonValueKind.Object)
        {
            return new ShapeProblem(QuarantineReason.WrongType, $"field 'message' should be an object, is {message.ValueKind}");
        }

        if (SourceRowReaders.RequireString(message, "text", "message.text", out string text) is { } p3) return p3;
        if (SourceRowReaders.OptionalLabel(row, "viggo_mr", out string? label) is { } p4) return p4;
        feedback = new RawFeedback(id, at, text, label);
        return null;
    }
}
