using System.Text.Json;

namespace Feedback.Core.Corpora;

/// <summary>
/// Reads the ViGGO corpus (Juraska et al., INLG 2019; CC BY-SA 4.0) in its published forms (<see cref="ViggoLayout"/>),
/// detected from the content: JSON lines when the first character is <c>{</c>, otherwise CSV with a header naming the
/// columns. Records are streamed in file order and passed on as published; checking them is the data update's work,
/// which quarantines a bad one with its reason.
/// </summary>
public static class ViggoCorpus
{
    private static readonly string[] TextColumns = ["ref", "target", "text"];
    private static readonly string[] MrColumns = ["mr", "meaning_representation"];

    /// <summary>Detects the layout from the first line of the file.</summary>
    /// <param name="firstLine">The first line.</param>
    /// <exception cref="FormatException">The line is neither JSON nor a header with a text and an MR column.</exception>
    public static ViggoLayout Detect(string firstLine)
    {
        ArgumentNullException.ThrowIfNull(firstLine);
        string line = firstLine.TrimStart('\uFEFF', ' ', '\t');
        if (line.StartsWith('{'))
        {
            return ViggoLayout.JsonLines;
        }

        string[] header = [.. CsvRecords.Read(new StringReader(line)).First().Fields.Select(h => h.Trim().ToLowerInvariant())];
        if (header.Contains("mr") && header.Contains("ref"))
        {
            return ViggoLayout.OriginalCsv;
        }

        if (header.Contains("meaning_representation") && header.Contains("target"))
        {
            return ViggoLayout.GemCsv;
        }

        throw new FormatException(
            $"Not a ViGGO file: the first line is neither a JSON object nor a CSV header with 'mr' and 'ref' (original) or 'meaning_representation' and 'target' (GEM) columns: '{Shorten(line)}'.");
    }

    /// <summary>Reads every record.</summary>
    /// <param name="reader">The file's text.</param>
    /// <exception cref="FormatException">The file is not a ViGGO file (see <see cref="Detect"/>).</exception>
    public static IEnumerable<ViggoPair> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string? first = reader.ReadLine();
        while (first is not null && string.IsNullOrWhiteSpace(first))
        {
            first = reader.ReadLine();
        }

        if (first is null)
        {
            return [];
        }

        return Detect(first) == ViggoLayout.JsonLines ? ReadJsonLines(first, reader) : ReadCsv(first, reader);
    }

    private static IEnumerable<ViggoPair> ReadJsonLines(string first, TextReader reader)
    {
        long line = 1;
        for (string? current = first; current is not null; current = reader.ReadLine(), line++)
        {
            if (string.IsNullOrWhiteSpace(current))
            {
                continue;
            }

            string text = string.Empty, mr = string.Empty;
            try
            {
                using JsonDocument document = JsonDocument.Parse(current);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    text = FirstString(document.RootElement, TextColumns);
                    mr = FirstString(document.RootElement, MrColumns);
                }
            }
            catch (JsonException)
            {
                // A line that is not JSON is passed on empty, so the data update quarantines it with its reason and counts it.
            }

            yield return new ViggoPair(line, text.Trim(), mr);
        }
    }

    private static IEnumerable<ViggoPair> ReadCsv(string headerLine, TextReader reader)
    {
        IReadOnlyList<string> header = CsvRecords.Read(new StringReader(headerLine)).First().Fields;
        int textColumn = Column(header, TextColumns);
        int mrColumn = Column(header, MrColumns);
        long record = 0;
        foreach ((long _, IReadOnlyList<string> fields) in CsvRecords.Read(reader))
        {
            record++;
            yield return new ViggoPair(
                record,
                textColumn < fields.Count ? fields[textColumn].Trim() : string.Empty,
                mrColumn < fields.Count ? fields[mrColumn] : string.Empty);
        }
    }

    private static int Column(IReadOnlyList<string> header, string[] names)
    {
        for (int i = 0; i < header.Count; i++)
        {
            if (names.Contains(header[i].Trim().ToLowerInvariant()))
            {
                return i;
            }
        }

        throw new FormatException($"The CSV header has no column named {string.Join(" or ", names)}.");
    }

    private static string FirstString(JsonElement row, string[] names)
    {
        foreach (string name in names)
        {
            if (row.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String)
            {
                return value.GetString()!;
            }
        }

        return string.Empty;
    }

    private static string Shorten(string line) => line.Length <= 80 ? line : line[..80] + "…";
}
