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
    /// <summary>Lines transformed together; each batch is transformed on a worker thread (on all cores) while the next is read, then written in order.</summary>
    public const int BatchSize = 2048;

    /// <summary>A batch is also transformed once its lines hold this many bytes (8 MiB), so memory stays flat with long lines.</summary>
    public const int MaxBatchBytes = 8 * 1024 * 1024;

    /// <summary>Runs of lines per worker in a batch: several per core, so a core that finishes early takes another.</summary>
    private const int ChunksPerWorker = 4;

    /// <summary>
    /// Batches alive at once: one with the worker and one being read (then queued for it, so the worker goes on without
    /// a hand-over while the finished one is written). A third changed no timing and added a batch's buffers per transform.
    /// </summary>
    private const int SlotCount = 2;

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
        var parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };

        // Each chunk takes a run of consecutive lines, so writing the chunks in order keeps the lines in order.
        int TransformBatch(TransformSlot slot)
        {
            LineBatch batch = slot.Lines;
            TransformChunk[] chunks = slot.Chunks;
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

        // Three steps overlap: while the worker transforms a batch, the next one is read and the last one's output
        // written. Reading and writing are the steps that cannot run in parallel. A slot is one batch's buffers: while
        // the worker transforms one, the other is read and queued behind it, then the first is written and read into.
        TransformSlot[] slots = [.. Enumerable.Range(0, SlotCount).Select(_ => new TransformSlot(
            new LineBatch(BatchSize), [.. Enumerable.Range(0, chunkCount).Select(_ => new TransformChunk(reader, sourceName))]))];
        var free = new Queue<TransformSlot>(slots);
        var reasons = new Dictionary<string, long>(StringComparer.Ordinal);
        long rows = 0;
        long ok = 0;
        int posted = 0;
        var worker = new TransformWorker(TransformBatch);

        async Task WriteNextAsync()
        {
            TransformSlot slot = await worker.TakeAsync(cancellationToken);
            posted--;
            slot.Failure?.Throw();
            for (int c = 0; c < slot.Used; c++)
            {
                TransformChunk chunk = slot.Chunks[c];
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

            slot.Lines.Clear();
            free.Enqueue(slot);
        }

        try
        {
            TransformSlot reading = free.Dequeue();
            await foreach (JsonlLine line in JsonlReader.ReadLinesAsync(source, cancellationToken: cancellationToken))
            {
                reading.Lines.Add(line);
                if (reading.Lines.Count == BatchSize || reading.Lines.Bytes >= MaxBatchBytes)
                {
                    worker.Post(reading);
                    posted++;
                    if (free.Count == 0)
                    {
                        await WriteNextAsync();
                    }

                    reading = free.Dequeue();
                }
            }

            if (reading.Lines.Count > 0)
            {
                worker.Post(reading);
                posted++;
            }

            while (posted > 0)
            {
                await WriteNextAsync();
            }
        }
        finally
        {
            // Also after a failed read or write: the worker finishes what it was given before the buffers are released.
            worker.Dispose();
            foreach (TransformChunk chunk in slots.SelectMany(s => s.Chunks))
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
