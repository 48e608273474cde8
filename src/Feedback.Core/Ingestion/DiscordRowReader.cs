using System.Text.Json;

namespace Feedback.Core.Ingestion;

/// <summary>Discord message objects (<c>id</c>, <c>content</c>, <c>timestamp</c>), annotated in <c>viggo_mr</c>.</summary>
public sealed class DiscordRowReader : ISourceRowReader
{
    /// <inheritdoc />
    public string Format => "discord";

    /// <inheritdoc />
    public SourceFields Fields { get; } = new("id", "content", "timestamp", "viggo_mr");

    /// <inheritdoc />
    public ShapeProblem? Read(JsonElement row, out RawFeedback feedback)
    {
        feedback = default;
        if (SourceRowReaders.RequireString(row, "id", "id", out string id) is { } p1) return p1;
        if (SourceRowReaders.RequireString(row, "content", "content", out string text) is { } p2) return p2;
        if (SourceRowReaders.RequireTime(row, "timestamp", out DateTimeOffset at) is { } p3) return p3;
        if (SourceRowReaders.OptionalLabel(row, "viggo_mr", out string? label) is { } p4) return p4;
        feedback = new RawFeedback(id, at, text, label);
        return null;
    }
}
