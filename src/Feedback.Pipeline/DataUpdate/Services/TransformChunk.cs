using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Feedback.Core.Ingestion;
using Feedback.Core.Jsonl;
using Feedback.Core.Mr;
using Feedback.Core.Records;

namespace Feedback.Pipeline.DataUpdate;

/// <summary>
/// One worker's share of a batch: it transforms a run of consecutive lines and writes their staged and
/// quarantine lines into its own buffers, which the transformer then writes out in chunk order. Its
/// buffers and writers are reused from batch to batch.
/// </summary>
/// <param name="reader">The source's row reader.</param>
/// <param name="sourceName">The source's name.</param>
internal sealed class TransformChunk(ISourceRowReader reader, string sourceName) : IDisposable
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private readonly RowScratch _scratch = new();
    private readonly byte[] _source = Encoding.UTF8.GetBytes(sourceName);
    private readonly bool _sourceVerbatim = StagedLineFormat.IsVerbatim(Encoding.UTF8.GetBytes(sourceName));
    private readonly ArrayBufferWriter<byte> _accepted = new(64 * 1024);
    private readonly ArrayBufferWriter<byte> _quarantined = new(4 * 1024);
    private Utf8JsonWriter? _acceptedJson;
    private Utf8JsonWriter? _quarantinedJson;

    /// <summary>The staged lines written since the last <see cref="Reset"/>.</summary>
    public ReadOnlyMemory<byte> Accepted => _accepted.WrittenMemory;

    /// <summary>The quarantine lines written since the last <see cref="Reset"/>.</summary>
    public ReadOnlyMemory<byte> Quarantined => _quarantined.WrittenMemory;

    /// <summary>Rows transformed since the last <see cref="Reset"/>.</summary>
    public long Rows { get; private set; }

    /// <summary>Rows accepted since the last <see cref="Reset"/>.</summary>
    public long AcceptedRows { get; private set; }

    /// <summary>Quarantined rows by reason code, in the order the reasons first occurred.</summary>
    public Dictionary<string, long> Reasons { get; } = new(StringComparer.Ordinal);

    /// <summary>Transforms lines <paramref name="start"/> to <paramref name="end"/> (exclusive) of a batch.</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="start">The first line.</param>
    /// <param name="end">Past the last line.</param>
    public void TransformRange(SourceObjectTransformer.LineBatch batch, int start, int end)
    {
        for (int i = start; i < end; i++)
        {
            Transform(batch.Line(i));
        }
    }

    private void Transform(JsonlLine line)
    {
        Rows++;
        if (!line.TooLong && FastRowTransform.TryAccept(reader.Fields, line.Bytes.Span, _scratch, out AcceptedRow row))
        {
            AcceptedRows++;
            WriteAccepted(row, line.Number);
            return;
        }

        RowOutcome outcome = SourceRowTransform.Transform(reader, sourceName, line);
        if (outcome.Record is { } record)
        {
            AcceptedRows++;
            WriteAccepted(record, outcome, line.Number);
            return;
        }

        string code = outcome.Reason!.Value.Code();
        Reasons[code] = Reasons.GetValueOrDefault(code) + 1;
        WriteQuarantined(line, code, outcome.Message);
    }

    /// <summary>Empties the buffers and counts for the next batch.</summary>
    public void Reset()
    {
        _accepted.ResetWrittenCount();
        _quarantined.ResetWrittenCount();
        Rows = 0;
        AcceptedRows = 0;
        Reasons.Clear();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _acceptedJson?.Dispose();
        _quarantinedJson?.Dispose();
    }

    private void WriteAccepted(AcceptedRow row, long lineNumber)
    {
        if (_sourceVerbatim && StagedLineFormat.TryWrite(row, _source, lineNumber, _accepted))
        {
            return;
        }

        Utf8JsonWriter json = Start(ref _acceptedJson, _accepted);
        json.WriteString("id"u8, row.Id);
        json.WriteString("source"u8, sourceName);
        json.WriteString("receivedAt"u8, row.ReceivedAt);
        json.WriteString("text"u8, row.Text);
        if (row.Labelled)
        {
            json.WriteString("label"u8, row.Label);
            json.WriteString("act"u8, row.Act.WireName());
        }

        json.WriteString("key"u8, row.ContentKey);
        json.WriteNumber("line"u8, lineNumber);
        End(json, _accepted);
    }

    private void WriteAccepted(FeedbackRecord record, RowOutcome outcome, long lineNumber)
    {
        Utf8JsonWriter json = Start(ref _acceptedJson, _accepted);
        json.WriteString("id"u8, record.Id);
        json.WriteString("source"u8, record.Source);
        json.WriteString("receivedAt"u8, record.ReceivedAt);
        json.WriteString("text"u8, record.Text);
        if (record.Label is not null)
        {
            json.WriteString("label"u8, record.Label);
            json.WriteString("act"u8, outcome.Act!.Value.WireName());
        }

        json.WriteString("key"u8, outcome.ContentKey);
        json.WriteNumber("line"u8, lineNumber);
        End(json, _accepted);
    }

    private void WriteQuarantined(JsonlLine line, string code, string? message)
    {
        Utf8JsonWriter json = Start(ref _quarantinedJson, _quarantined);
        json.WriteNumber("line"u8, line.Number);
        json.WriteString("reason"u8, code);
        json.WriteString("message"u8, message);
        if (line.TooLong)
        {
            json.WriteNull("original"u8);
        }
        else if (Utf8.IsValid(line.Bytes.Span))
        {
            json.WriteString("original"u8, Encoding.UTF8.GetString(line.Bytes.Span));
        }
        else
        {
            json.WriteBase64String("originalBase64"u8, line.Bytes.Span);
        }

        End(json, _quarantined);
    }

    private static Utf8JsonWriter Start(ref Utf8JsonWriter? json, ArrayBufferWriter<byte> buffer)
    {
        json ??= new Utf8JsonWriter(buffer, WriterOptions);
        json.Reset();
        json.WriteStartObject();
        return json;
    }

    private static void End(Utf8JsonWriter json, ArrayBufferWriter<byte> buffer)
    {
        json.WriteEndObject();
        json.Flush();
        buffer.Write("\n"u8);
    }
}
