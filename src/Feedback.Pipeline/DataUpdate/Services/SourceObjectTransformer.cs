using System.Buffers;
using Feedback.Core.Ingestion;
using Feedback.Core.Jsonl;

namespace Feedback.Pipeline.DataUpdate;

/// <summary>
/// The streaming transform of one export: rows in, staged records and quarantine rows out, as JSONL,
/// in constant memory. Staged lines: <c>{"id","source","receivedAt","text","label","act","key","line"}</c>;
/// quarantine lines: <c>{"line","reason","message","original"}</c>.
/// </summary>
public static class SourceObjectTransformer
{
    /// <summary>Lines transformed together; each batch is transformed on all cores while the next is read, then written in order.</summary>
    public const int BatchSize = 2048;

    /// <summary>A batch is also transformed once its lines hold this many bytes (8 MiB), so memory stays flat with long lines.</summary>
    public const int MaxBatchBytes = 8 * 1024 * 1024;

    /// <summary>Runs of lines per worker in a batch: several per core, so a core that finishes early takes another.</summary>
    private const int ChunksPerWorker = 4;

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
        int chunkCount = parallelism == 1 ? 1 : parallelism * ChunksPerWorker;
        TransformChunk[] chunks = [.. Enumerable.Range(0, chunkCount).Select(_ => new TransformChunk(reader, sourceName))];
        TransformChunk[] written = [.. Enumerable.Range(0, chunkCount).Select(_ => new TransformChunk(reader, sourceName))];
        var reasons = new Dictionary<string, long>(StringComparer.Ordinal);
        var reading = new LineBatch(BatchSize);
        var transforming = new LineBatch(BatchSize);
        Task<int>? pending = null;
        long rows = 0;
        long ok = 0;
        var parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };

        // Each chunk takes a run of consecutive lines, so writing the chunks in order keeps the lines in order.
        int TransformBatch(LineBatch batch, TransformChunk[] chunks)
        {
            int used = batch.Count < 64 ? 1 : chunks.Length;
            int per = (batch.Count + used - 1) / used;
            if (used == 1)
            {
                chunks[0].TransformRange(batch, 0, batch.Count);
            }
            else
            {
                Parallel.For(0, used, parallelOptions, c => chunks[c].TransformRange(batch, c * per, Math.Min(batch.Count, (c + 1) * per)));
            }

            return used;
        }

        // Three steps overlap: the next batch is read and the last one's output written while a batch is
        // transformed. Reading and writing are the steps that cannot run in parallel.
        async Task HandOverAsync(bool last)
        {
            int used = pending is null ? 0 : await pending;
            (chunks, written) = (written, chunks);
            (reading, transforming) = (transforming, reading);
            reading.Clear();
            pending = null;
            if (transforming.Count > 0)
            {
                LineBatch batch = transforming;
                TransformChunk[] into = chunks;
                pending = Task.Run(() => TransformBatch(batch, into), cancellationToken);
            }

            for (int c = 0; c < used; c++)
            {
                TransformChunk chunk = written[c];
                rows += chunk.Rows;
                ok += chunk.AcceptedRows;
                foreach ((string code, long count) in chunk.Reasons)
                {
                    reasons[code] = reasons.GetValueOrDefault(code) + count;
                }

                await accepted.WriteAsync(chunk.Accepted, cancellationToken);
                await quarantine.WriteAsync(chunk.Quarantined, cancellationToken);
                chunk.Reset();
            }

            if (last && pending is not null)
            {
                await HandOverAsync(last: true);
            }
        }

        try
        {
            await foreach (JsonlLine line in JsonlReader.ReadLinesAsync(source, cancellationToken: cancellationToken))
            {
                reading.Add(line);
                if (reading.Count == BatchSize || reading.Bytes >= MaxBatchBytes)
                {
                    await HandOverAsync(last: false);
                }
            }

            await HandOverAsync(last: true);
        }
        finally
        {
            if (pending is not null)
            {
                // A failed read or write: let the transform in flight finish before its buffers are released.
                await Task.WhenAny(pending);
            }

            foreach (TransformChunk chunk in chunks.Concat(written))
            {
                chunk.Dispose();
            }
        }

        await accepted.FlushAsync(cancellationToken);
        await quarantine.FlushAsync(cancellationToken);
        return new SourceTransformCounts(rows, ok, reasons);
    }

    /// <summary>A batch of lines copied out of the reader's buffer (which is reused) into one growing buffer.</summary>
    internal sealed class LineBatch(int capacity)
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
