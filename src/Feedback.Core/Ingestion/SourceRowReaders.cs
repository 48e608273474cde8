using System.Globalization;
using System.Text.Json;

namespace Feedback.Core.Ingestion;

/// <summary>The fields every source row is mapped to, before normalisation and validation.</summary>
/// <param name="Id">The source's id of the message.</param>
/// <param name="ReceivedAt">When it was sent.</param>
/// <param name="Text">The raw text.</param>
/// <param name="Label">The raw MR label, when annotated.</param>
public readonly record struct RawFeedback(string Id, DateTimeOffset ReceivedAt, string Text, string? Label);

/// <summary>A row whose shape is wrong: the reason and a message naming the field.</summary>
/// <param name="Reason">The reason.</param>
/// <param name="Message">What exactly is wrong.</param>
public readonly record struct ShapeProblem(QuarantineReason Reason, string Message);

/// <summary>
/// Reads one platform's export rows. Adding a source format is one implementation of this interface
/// registered in <see cref="SourceRowReaders"/>, and one configuration entry naming it.
/// </summary>
public interface ISourceRowReader
{
    /// <summary>The format name used in configuration (<c>discord</c>, <c>twitch</c>, <c>api</c>).</summary>
    string Format { get; }

    /// <summary>Maps a row (a JSON object) to its fields, or says what is wrong with its shape.</summary>
    /// <param name="row">The row.</param>
    /// <param name="feedback">The fields, when the shape is right.</param>
    ShapeProblem? Read(JsonElement row, out RawFeedback feedback);
}

/// <summary>The source formats the product reads.</summary>
public static class SourceRowReaders
{
    private static readonly Dictionary<string, ISourceRowReader> ByFormat = new ISourceRowReader[]
    {
        new DiscordRowReader(),
        new TwitchRowReader(),
        new ApiFeedbackRowReader(),
    }.ToDictionary(r => r.Format, StringComparer.OrdinalIgnoreCase);

    /// <summary>The known format names.</summary>
    public static IReadOnlyCollection<string> Formats => ByFormat.Keys;

    /// <summary>Finds the reader of a format (case-insensitive).</summary>
    /// <param name="format">The format name.</param>
    /// <param name="reader">The reader.</param>
    public static bool TryGet(string format, out ISourceRowReader reader) => ByFormat.TryGetValue(format, out reader!);

    internal static ShapeProblem? RequireString(JsonElement row, string field, string path, out string value)
    {
        value = string.Empty;
        if (!row.TryGetProperty(field, out JsonElement element))
        {
            return new ShapeProblem(QuarantineReason.MissingField, $"missing field '{path}'");
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return new ShapeProblem(QuarantineReason.WrongType, $"field '{path}' should be a string, is {element.ValueKind}");
        }

        value = element.GetString()!;
        return null;
    }

    internal static ShapeProblem? RequireTime(JsonElement row, string field, out DateTimeOffset value)
    {
        value = default;
        ShapeProblem? problem = RequireString(row, field, field, out string text);
        if (problem is not null)
        {
            return problem;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value)
            ? null
            : new ShapeProblem(QuarantineReason.BadTimestamp, $"'{field}' is not a date: '{text}'");
    }

    internal static ShapeProblem? OptionalLabel(JsonElement row, string field, out string? label)
    {
        label = null;
        if (!row.TryGetProperty(field, out JsonElement element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return new ShapeProblem(QuarantineReason.WrongType, $"field '{field}' should be a string, is {element.ValueKind}");
        }

        label = element.GetString();
        return null;
    }
}

/// <summary>Discord message objects (<c>id</c>, <c>content</c>, <c>timestamp</c>), annotated in <c>viggo_mr</c>.</summary>
public sealed class DiscordRowReader : ISourceRowReader
{
    /// <inheritdoc />
    public string Format => "discord";

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

/// <summary>Twitch chat message events (<c>message_id</c>, <c>message.text</c>, <c>sent_at</c>), annotated in <c>viggo_mr</c>.</summary>
public sealed class TwitchRowReader : ISourceRowReader
{
    /// <inheritdoc />
    public string Format => "twitch";

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

/// <summary>Feedback posted through the product's API (<c>id</c>, <c>text</c>, <c>receivedAt</c>, optional <c>mr</c>).</summary>
public sealed class ApiFeedbackRowReader : ISourceRowReader
{
    /// <inheritdoc />
    public string Format => "api";

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
