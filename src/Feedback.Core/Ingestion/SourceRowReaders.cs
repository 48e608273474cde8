using System.Globalization;
using System.Text.Json;

namespace Feedback.Core.Ingestion;

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
