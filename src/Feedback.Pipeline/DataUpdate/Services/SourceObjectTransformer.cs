using System.Buffers;
using System.Text;
using System.Text.Json;
using Feedback.Core.Ingestion;
using Feedback.Core.Jsonl;
using Feedback.Core.Mr;
using Feedback.Core.Records;

namespace Feedback.Pipeline.DataUpdate;

/// <summary>
/// The streaming transform of one export: rows in, staged records and quarantine rows out, as JSONL,
/// in constant memory. Staged lines: <c>{"id","source","receivedAt","text","label","act","key","line"}</c>;
/// quarantine lines: <c>{"line","reason","message","original"}</c>.
/// </summary>
public static class SourceObjectTransformer
{
    /// <summary>Lines transformed together; each batch is transformed on all cores, then written in order.</summary>
    public const int BatchSize = 2048;

    /// <summary>A batch is also transformed once its lines hold this many bytes (8 MiB), so memory stays flat with long lines.</summary>
    public const int MaxBatchBytes = 8 * 1024 * 1024;

    /// <summary>Transforms <paramref name="source"/> into <paramref name="accepted"/> and <paramref name="quarantine"/>.</summary>
    /// <param name="reader">The source's row reader.</param>
    /// <param name="sourceName">The source's name.</param>
    /// <param name="source">The export.</param>
    /// <param name="accepted">Where staged records go.</param>
    /// <param name="quarantine">Where quarantined rows go.</param>
    /// <param name="parallelism">Threads transforming a batch (default: the processor count; 1 for sequential).</param>
    /// <param name="cancellationToken">Cancels the transform.</param>
    public static async Task<SourceTransformCounts> TransformAsync(
        ISourceRowReader reader,
        string sourceName,
        Stream source,
        Stream accepted,
        Stream quarantine,
        int parallelism = 0,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        parallelism = parallelism <= 0 ? Environment.ProcessorCount : parallelism;
        var acceptedBuffer = new ArrayBufferWriter<byte>(64 * 1024);
        var quarantineBuffer = new ArrayBufferWriter<byte>(16 * 1024);
        var writerOptions = new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
        using var acceptedJson = new Utf8JsonWriter(acceptedBuffer, writerOptions);
        using var quarantineJson = new Utf8JsonWriter(quarantineBuffer, writerOptions);
        var reasons = new Dictionary<string, long>(StringComparer.Ordinal);
        var batch = new LineBatch(BatchSize);
        var outcomes = new RowOutcome[BatchSize];
        long rows = 0;
        long ok = 0;
        var parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };

        async Task FlushBatchAsync()
        {
            if (batch.Count == 0)
            {
                return;
            }

            if (parallelism == 1 || batch.Count < 64)
            {
                for (int i = 0; i < batch.Count; i++)
                {
                    outcomes[i] = SourceRowTransform.Transform(reader, sourceName, batch.Line(i));
                }
            }
            else
            {
                Parallel.For(0, batch.Count, parallelOptions, i => outcomes[i] = SourceRowTransform.Transform(reader, sourceName, batch.Line(i)));
            }

            for (int i = 0; i < batch.Count; i++)
            {
                JsonlLine line = batch.Line(i);
                RowOutcome outcome = outcomes[i];
                rows++;
                if (outcome.Record is { } record)
                {
                    ok++;
                    WriteAccepted(acceptedJson, record, outcome, line.Number);
                    acceptedBuffer.Write("\n"u8);
                }
                else
                {
                    string code = outcome.Reason!.Value.Code();
                    reasons[code] = reasons.GetValueOrDefault(code) + 1;
                    WriteQuarantined(quarantineJson, line, code, outcome.Message);
                    quarantineBuffer.Write("\n"u8);
                }

                outcomes[i] = default;
            }

            batch.Clear();
            await accepted.WriteAsync(acceptedBuffer.WrittenMemory, cancellationToken);
            acceptedBuffer.ResetWrittenCount();
            await quarantine.WriteAsync(quarantineBuffer.WrittenMemory, cancellationToken);
            quarantineBuffer.ResetWrittenCount();
        }

        await foreach (JsonlLine line in JsonlReader.ReadLinesAsync(source, cancellationToken: cancellationToken))
        {
            batch.Add(line);
            if (batch.Count == BatchSize || batch.Bytes >= MaxBatchBytes)
            {
                await FlushBatchAsync();
            }
        }

        await FlushBatchAsync();
        await accepted.FlushAsync(cancellationToken);
        await quarantine.FlushAsync(cancellationToken);
        return new SourceTransformCounts(rows, ok, reasons);
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
        else if (System.Text.Unicode.Utf8.IsValid(line.Bytes.Span))
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

    /// <summary>A batch of lines copied out of the reader's buffer (which is reused) into one growing buffer.</summary>
    private sealed class LineBatch(int capacity)
    {
        private readonly (int Start, int Length, long Number, bool TooLong)[] _lines = new (int, int, long, bool)[capacity];
        private byte[] _bytes = new byte[256 * 1024];
        private int _used;

        public int Count { get; private set; }

        public int Bytes => _used;

        public void Add(JsonlLine line)
        {
            if (_used + line.Bytes.Length > _bytes.Length)
            {
                Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _used + line.Bytes.Length));
            }

            line.Bytes.Span.CopyTo(_bytes.AsSpan(_used));
            _lines[Count++] = (_used, line.Bytes.Length, line.Number, line.TooLong);
            _used += line.Bytes.Length;
        }

        public JsonlLine Line(int i)
        {
            (int start, int length, long number, bool tooLong) = _lines[i];
            return new JsonlLine(number, _bytes.AsMemory(start, length), tooLong);
        }

        public void Clear()
        {
            Count = 0;
            _used = 0;
        }
    }
}
