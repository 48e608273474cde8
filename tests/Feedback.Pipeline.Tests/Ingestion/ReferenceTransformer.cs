using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Feedback.Core.Ingestion;
using Feedback.Core.Jsonl;
using Feedback.Core.Mr;
using Feedback.Core.Records;

namespace Feedback.Pipeline.Tests.Ingestion;

/// <summary>
/// The transform as it was before the span path (commit febf9ad): every row through the DOM path
/// (<see cref="SourceRowTransform"/>), one at a time, written with <see cref="Utf8JsonWriter"/> from strings.
/// The oracle the new transformer's output is compared with, byte for byte.
/// </summary>
internal static class ReferenceTransformer
{
    public static async Task<(byte[] Accepted, byte[] Quarantined, long Rows, long Ok, List<KeyValuePair<string, long>> Reasons)> TransformAsync(ISourceRowReader reader, string sourceName, byte[] export)
    {
        var accepted = new MemoryStream();
        var quarantined = new MemoryStream();
        var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
        var reasons = new Dictionary<string, long>(StringComparer.Ordinal);
        long rows = 0;
        long ok = 0;
        await using (var acceptedJson = new Utf8JsonWriter(accepted, options))
        await using (var quarantineJson = new Utf8JsonWriter(quarantined, options))
        {
            await foreach (JsonlLine line in JsonlReader.ReadLinesAsync(new MemoryStream(export)))
            {
                rows++;
                RowOutcome outcome = SourceRowTransform.Transform(reader, sourceName, line);
                if (outcome.Record is { } record)
                {
                    ok++;
                    WriteAccepted(acceptedJson, record, outcome, line.Number);
                    accepted.Write("\n"u8);
                }
                else
                {
                    string code = outcome.Reason!.Value.Code();
                    reasons[code] = reasons.GetValueOrDefault(code) + 1;
                    WriteQuarantined(quarantineJson, line, code, outcome.Message);
                    quarantined.Write("\n"u8);
                }
            }
        }

        return (accepted.ToArray(), quarantined.ToArray(), rows, ok, [.. reasons]);
    }

    private static void WriteAccepted(Utf8JsonWriter json, FeedbackRecord record, RowOutcome outcome, long lineNumber)
    {
        json.Reset();
        json.WriteStartObject();
        json.WriteString("id", record.Id);
        json.WriteString("source", record.Source);
        json.WriteString("receivedAt", record.ReceivedAt);
        json.WriteString("text", record.Text);
        if (record.Label is not null)
        {
            json.WriteString("label", record.Label);
            json.WriteString("act", outcome.Act!.Value.WireName());
        }

        json.WriteString("key", outcome.ContentKey);
        json.WriteNumber("line", lineNumber);
        json.WriteEndObject();
        json.Flush();
    }

    private static void WriteQuarantined(Utf8JsonWriter json, JsonlLine line, string code, string? message)
    {
        json.Reset();
        json.WriteStartObject();
        json.WriteNumber("line", line.Number);
        json.WriteString("reason", code);
        json.WriteString("message", message);
        if (line.TooLong)
        {
            json.WriteNull("original");
        }
        else if (Utf8.IsValid(line.Bytes.Span))
        {
            json.WriteString("original", Encoding.UTF8.GetString(line.Bytes.Span));
        }
        else
        {
            json.WriteBase64String("originalBase64", line.Bytes.Span);
        }

        json.WriteEndObject();
        json.Flush();
    }
}
