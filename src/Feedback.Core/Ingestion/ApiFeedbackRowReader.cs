using System.Text.Json;

namespace Feedback.Core.Ingestion;

/// <summary>Feedback posted through the product's API (<c>id</c>, <c>text</c>, <c>receivedAt</c>, optional <c>mr</c>).</summary>
public sealed class ApiFeedbackRowReader : ISourceRowReader
{
    /// <inheritdoc />
    public string Format => "api";

    /// <inheritdoc />
    public SourceFields Fields { get; } = new("id", "text", "receivedAt", "mr");

    /// <inheritdoc />
    public ShapeProblem? Read(JsonElement row, out RawFeedback feedback)
    {
        feedback = default;
        if (SourceRowReaders.RequireString(row, "id", "id", out string id) is { } p1) return p1;
        if (SourceRowReaders.RequireString(row, "text", "text", out string text) is { } p2) return p2;
        if (SourceRowReaders.RequireTime(row, "receivedAt", out DateTimeOffset at) is { } p3) return p3;
        if (SourceRowReaders.OptionalLabel(row, "mr", out string? label) is { } p4) return p4;
        feedback = new RawFeedback(id, at, text, label);
        return null;
    }
}
