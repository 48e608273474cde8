using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Feedback.Core;
using Feedback.Core.FineTuning;
using Feedback.Core.Ingestion;
using Feedback.Core.Jsonl;
using Feedback.Core.Mr;
using Feedback.Core.Records;
using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Feedback.Pipeline.DataUpdate;

/// <summary>The ledger of ingested source objects (<see cref="DataLayout.LedgerKey"/>).</summary>
public sealed class IngestionLedger
{
    /// <summary>The current dataset version.</summary>
    public string? CurrentVersion { get; set; }

    /// <summary>Labelled records in the current version.</summary>
    public long CurrentTotalLabelled { get; set; }

    /// <summary>Ingested objects by key.</summary>
    public Dictionary<string, IngestedObject> Objects { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Reads the ledger, or an empty one when there is none yet.</summary>
    /// <param name="store">The object store.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<IngestionLedger> ReadAsync(IObjectStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        try
        {
            await using Stream stream = await store.OpenReadAsync(DataLayout.LedgerKey, cancellationToken);
            return await JsonSerializer.DeserializeAsync<IngestionLedger>(stream, PipelineJson.Options, cancellationToken) ?? new IngestionLedger();
        }
        catch (FileNotFoundException)
        {
            return new IngestionLedger();
        }
    }
}

/// <summary>One ingested object in the ledger.</summary>
/// <param name="ETag">The tag it had when read.</param>
/// <param name="Source">Its source.</param>
/// <param name="Version">The dataset version current after it was read.</param>
/// <param name="IngestedAt">When.</param>
public sealed record IngestedObject(string ETag, string Source, string? Version, DateTimeOffset IngestedAt);

/// <summary>Lists the source objects the ledger has not seen, or has seen with another tag.</summary>
/// <param name="store">The object store.</param>
/// <param name="options">The data update options.</param>
public sealed class ListPendingSourceObjectsActivity(IObjectStore store, IOptions<DataUpdateOptions> options) : TaskActivity<object?, PendingSourceObjects>
{
    /// <inheritdoc />
    public override Task<PendingSourceObjects> RunAsync(TaskActivityContext context, object? input) =>
        PendingSources.ListAsync(store, options.Value);
}

/// <summary>How the transforms are batched and how many run at once.</summary>
/// <param name="Parallelism">Transform activities at once.</param>
/// <param name="BatchObjects">Most objects per activity.</param>
/// <param name="BatchBytes">Most bytes per activity.</param>
public sealed record TransformPlan(int Parallelism, int BatchObjects, long BatchBytes)
{
    /// <summary>Groups objects, in order, into batches of at most <see cref="BatchObjects"/> objects and <see cref="BatchBytes"/> bytes (a bigger object alone).</summary>
    /// <param name="objects">The objects.</param>
    public IReadOnlyList<IReadOnlyList<SourceObjectRef>> Batch(IReadOnlyList<SourceObjectRef> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var batches = new List<IReadOnlyList<SourceObjectRef>>();
        var current = new List<SourceObjectRef>();
        long bytes = 0;
        foreach (SourceObjectRef o in objects)
        {
            if (current.Count > 0 && (current.Count >= BatchObjects || bytes + o.Size > BatchBytes))
            {
                batches.Add(current);
                current = [];
                bytes = 0;
            }

            current.Add(o);
            bytes += o.Size;
        }

        if (current.Count > 0)
        {
            batches.Add(current);
        }

        return batches;
    }
}

/// <summary>Reads the transform plan (configuration is read in an activity, never in the orchestrator).</summary>
/// <param name="options">The data update options.</param>
public sealed class GetTransformPlanActivity(IOptions<DataUpdateOptions> options) : TaskActivity<object?, TransformPlan>
{
    /// <inheritdoc />
    public override Task<TransformPlan> RunAsync(TaskActivityContext context, object? input) =>
        Task.FromResult(new TransformPlan(options.Value.MaxParallelTransforms, options.Value.TransformBatchObjects, options.Value.TransformBatchBytes));
}

/// <summary>Transforms a batch of source objects one after the other (see <see cref="TransformSourceObjectActivity"/>).</summary>
/// <param name="store">The object store.</param>
/// <param name="logger">The logger.</param>
public sealed class TransformSourceBatchActivity(IObjectStore store, ILogger<TransformSourceObjectActivity> logger)
    : TaskActivity<IReadOnlyList<SourceObjectRef>, TransformedObject[]>
{
    /// <inheritdoc />
    public override async Task<TransformedObject[]> RunAsync(TaskActivityContext context, IReadOnlyList<SourceObjectRef> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var results = new TransformedObject[input.Count];
        for (int i = 0; i < input.Count; i++)
        {
            results[i] = await TransformSourceObjectActivity.TransformAsync(store, logger, input[i]);
        }

        return results;
    }
}

/// <summary>Reads how many transforms may run at once (kept for orchestrations started before <see cref="GetTransformPlanActivity"/>).</summary>
/// <param name="options">The data update options.</param>
public sealed class GetTransformParallelismActivity(IOptions<DataUpdateOptions> options) : TaskActivity<object?, int>
{
    /// <inheritdoc />
    public override Task<int> RunAsync(TaskActivityContext context, object? input) => Task.FromResult(options.Value.MaxParallelTransforms);
}

/// <summary>
/// Transforms one source object, streaming: each row is checked, mapped, normalised and validated;
/// accepted records go to a staging object and quarantined rows (with the reason and the original
/// line) to a quarantine object. Outputs are named after the object's key and tag, so a retry
/// rewrites the same objects.
/// </summary>
/// <param name="store">The object store.</param>
/// <param name="logger">The logger.</param>
public sealed partial class TransformSourceObjectActivity(IObjectStore store, ILogger<TransformSourceObjectActivity> logger)
    : TaskActivity<SourceObjectRef, TransformedObject>
{
    /// <inheritdoc />
    public override Task<TransformedObject> RunAsync(TaskActivityContext context, SourceObjectRef input) => TransformAsync(store, logger, input);

    /// <summary>Transforms one object.</summary>
    internal static async Task<TransformedObject> TransformAsync(IObjectStore store, ILogger logger, SourceObjectRef input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!SourceRowReaders.TryGet(input.Format, out ISourceRowReader reader))
        {
            throw new InvalidOperationException($"Source '{input.Source}' has an unknown format '{input.Format}'.");
        }

        string acceptedPath = Path.GetTempFileName();
        string quarantinePath = Path.GetTempFileName();
        try
        {
            SourceTransformCounts counts;
            await using (Stream source = await store.OpenReadAsync(input.Key))
            await using (var accepted = new FileStream(acceptedPath, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            await using (var quarantine = new FileStream(quarantinePath, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                counts = await SourceObjectTransformer.TransformAsync(reader, input.Source, source, accepted, quarantine);
            }

            string acceptedKey = DataLayout.Staged(input);
            await using (var accepted = File.OpenRead(acceptedPath))
            {
                await store.WriteAsync(acceptedKey, accepted);
            }

            string? quarantineKey = null;
            if (counts.Quarantined > 0)
            {
                quarantineKey = DataLayout.Quarantine(input);
                await using var quarantine = File.OpenRead(quarantinePath);
                await store.WriteAsync(quarantineKey, quarantine);
            }

            LogTransformed(logger, input.Key, counts.Rows, counts.Accepted, counts.Quarantined);
            return new TransformedObject(input, acceptedKey, quarantineKey, counts.Rows, counts.Accepted, counts.QuarantinedByReason);
        }
        finally
        {
            File.Delete(acceptedPath);
            File.Delete(quarantinePath);
        }
    }

    [LoggerMessage(EventId = 500, Level = LogLevel.Information, Message = "Transformed {Key}: {Rows} rows, {Accepted} accepted, {Quarantined} quarantined")]
    private static partial void LogTransformed(ILogger logger, string key, long rows, long accepted, long quarantined);
}

/// <summary>The counts of one object's transform.</summary>
/// <param name="Rows">Rows read.</param>
/// <param name="Accepted">Rows accepted.</param>
/// <param name="QuarantinedByReason">Rows quarantined per reason code.</param>
public sealed record SourceTransformCounts(long Rows, long Accepted, IReadOnlyDictionary<string, long> QuarantinedByReason)
{
    /// <summary>All quarantined rows.</summary>
    public long Quarantined => QuarantinedByReason.Values.Sum();
}

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

/// <summary>
/// The join: the parent version's records, then the new objects' accepted records in key and line
/// order, de-duplicated by content key (across sources and against the parent), without any text
/// of the held-out test set; labelled records split stably into train and valid, unlabelled ones
/// kept apart. The version is the hash of the files' contents, so the same inputs give the same
/// version, and no new records give no version.
/// </summary>
/// <param name="store">The object store.</param>
/// <param name="options">The data update options.</param>
/// <param name="logger">The logger.</param>
public sealed partial class BuildDatasetVersionActivity(IObjectStore store, IOptions<DataUpdateOptions> options, ILogger<BuildDatasetVersionActivity> logger)
    : TaskActivity<DatasetBuildRequest, DatasetBuildResult>
{
    private static readonly string[] Files = ["train.jsonl", "valid.jsonl", "unlabelled.jsonl"];

    /// <inheritdoc />
    public override async Task<DatasetBuildResult> RunAsync(TaskActivityContext context, DatasetBuildRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        DataUpdateOptions o = options.Value;
        HashSet<UInt128> heldOut = await ReadHeldOutAsync(o.TestSetKey);
        var seen = new HashSet<UInt128>();
        var paths = Files.ToDictionary(f => f, _ => Path.GetTempFileName(), StringComparer.Ordinal);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal) { ["train.jsonl"] = 0, ["valid.jsonl"] = 0, ["unlabelled.jsonl"] = 0 };
        var byAct = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var perSource = new Dictionary<string, SourceTally>(StringComparer.Ordinal);
        try
        {
            var writers = paths.ToDictionary(p => p.Key, p => new StreamWriter(p.Value, append: false, new UTF8Encoding(false)) { NewLine = "\n" }, StringComparer.Ordinal);
            try
            {
                if (input.ParentVersion is not null)
                {
                    foreach (string file in Files)
                    {
                        counts[file] = await CopyParentAsync(input.ParentVersion, file, writers[file], seen);
                    }
                }

                foreach (TransformedObject transformed in input.Transformed.OrderBy(t => t.Source.Key, StringComparer.Ordinal))
                {
                    SourceTally tally = perSource.TryGetValue(transformed.Source.Source, out SourceTally? t) ? t : perSource[transformed.Source.Source] = new SourceTally();
                    tally.Add(transformed);
                    await using Stream staged = await store.OpenReadAsync(transformed.AcceptedKey);
                    await foreach (JsonlLine line in JsonlReader.ReadLinesAsync(staged))
                    {
                        using JsonDocument document = JsonDocument.Parse(line.Bytes);
                        JsonElement row = document.RootElement;
                        string key = row.GetProperty("key").GetString()!;
                        string text = row.GetProperty("text").GetString()!;
                        string? label = row.TryGetProperty("label", out JsonElement l) ? l.GetString() : null;
                        if (!seen.Add(ParseKey(key)))
                        {
                            tally.Duplicates++;
                            continue;
                        }

                        if (label is not null && heldOut.Contains(ParseKey(FeedbackText.ContentKey(text, null))))
                        {
                            tally.HeldOut++;
                            continue;
                        }

                        tally.New++;
                        if (label is null)
                        {
                            await writers["unlabelled.jsonl"].WriteLineAsync(JsonSerializer.Serialize(new UnlabelledRecord(
                                row.GetProperty("id").GetString()!, transformed.Source.Source, row.GetProperty("receivedAt").GetDateTimeOffset(), text), PipelineJson.Options));
                            counts["unlabelled.jsonl"]++;
                            continue;
                        }

                        tally.NewLabelled++;
                        string act = row.GetProperty("act").GetString()!;
                        byAct[act] = byAct.GetValueOrDefault(act) + 1;
                        string file = DatasetSplit.IsValidation(key, o.ValidPercent) ? "valid.jsonl" : "train.jsonl";
                        await writers[file].WriteLineAsync(JsonSerializer.Serialize(ChatExample.Create(text, label), CoreJsonContext.Default.ChatExample));
                        counts[file]++;
                    }
                }
            }
            finally
            {
                foreach (StreamWriter writer in writers.Values)
                {
                    await writer.DisposeAsync();
                }
            }

            List<SourceRunMetrics> sources = [.. perSource.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value.ToMetrics(p.Key))];
            long newLabelled = sources.Sum(s => s.NewLabelled);
            long newUnlabelled = sources.Sum(s => s.NewRecords - s.NewLabelled);
            long totalLabelled = counts["train.jsonl"] + counts["valid.jsonl"];
            if (newLabelled + newUnlabelled == 0)
            {
                LogNoChange(logger, input.ParentVersion);
                return new DatasetBuildResult(null, input.ParentVersion, 0, 0, totalLabelled, counts["unlabelled.jsonl"], sources);
            }

            var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (string file in Files)
            {
                await using FileStream stream = File.OpenRead(paths[file]);
                hashes[file] = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream));
            }

            string version = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', hashes.Select(h => $"{h.Key}:{h.Value}"))))).Substring(0, 16);
            foreach (string file in Files)
            {
                await using FileStream stream = File.OpenRead(paths[file]);
                await store.WriteAsync(DataLayout.DatasetFile(version, file), stream);
            }

            var manifest = new DatasetManifest(
                version,
                input.ParentVersion,
                input.CreatedAt,
                input.RunId,
                ViggoPrompt.Version,
                new DatasetCounts(counts["train.jsonl"], counts["valid.jsonl"], counts["unlabelled.jsonl"], newLabelled, newUnlabelled),
                byAct,
                sources,
                [.. input.Transformed.Select(t => new ManifestObject(t.Source.Source, t.Source.Key, t.Source.ETag, t.QuarantineKey))],
                hashes);
            using var manifestStream = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(manifest, ManifestJson));
            await store.WriteAsync(DataLayout.DatasetFile(version, "manifest.json"), manifestStream);
            LogVersion(logger, version, input.ParentVersion, newLabelled, totalLabelled);
            return new DatasetBuildResult(version, input.ParentVersion, newLabelled, newUnlabelled, totalLabelled, counts["unlabelled.jsonl"], sources);
        }
        finally
        {
            foreach (string path in paths.Values)
            {
                File.Delete(path);
            }
        }
    }

    private static readonly JsonSerializerOptions ManifestJson = new(PipelineJson.Options) { WriteIndented = true };

    private async Task<HashSet<UInt128>> ReadHeldOutAsync(string key)
    {
        var keys = new HashSet<UInt128>();
        Stream stream;
        try
        {
            stream = await store.OpenReadAsync(key);
        }
        catch (FileNotFoundException e)
        {
            throw new InvalidOperationException(
                $"The held-out test set '{key}' is not in the object store: upload it (DataUpdate:TestSetKey) so its texts are never trained on.", e);
        }

        await using (stream)
        {
            await foreach (JsonlLine line in JsonlReader.ReadLinesAsync(stream))
            {
                (string? text, _) = LabelledLines.Read(line);
                if (text is not null)
                {
                    keys.Add(ParseKey(FeedbackText.ContentKey(text, null)));
                }
            }
        }

        return keys;
    }

    private async Task<long> CopyParentAsync(string parent, string file, StreamWriter writer, HashSet<UInt128> seen)
    {
        long count = 0;
        await using Stream stream = await store.OpenReadAsync(DataLayout.DatasetFile(parent, file));
        await foreach (JsonlLine line in JsonlReader.ReadLinesAsync(stream))
        {
            using JsonDocument document = JsonDocument.Parse(line.Bytes);
            JsonElement root = document.RootElement;
            string key = root.TryGetProperty("messages", out JsonElement messages)
                ? FeedbackText.ContentKey(messages[1].GetProperty("content").GetString()!, messages[2].GetProperty("content").GetString())
                : FeedbackText.ContentKey(root.GetProperty("text").GetString()!, null);
            seen.Add(ParseKey(key));
            await writer.WriteLineAsync(Encoding.UTF8.GetString(line.Bytes.Span));
            count++;
        }

        return count;
    }

    private static UInt128 ParseKey(string hex) => UInt128.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private sealed class SourceTally
    {
        public long Rows { get; private set; }
        public long Accepted { get; private set; }
        public Dictionary<string, long> Quarantined { get; } = new(StringComparer.Ordinal);
        public long Duplicates { get; set; }
        public long HeldOut { get; set; }
        public long New { get; set; }
        public long NewLabelled { get; set; }

        public void Add(TransformedObject transformed)
        {
            Rows += transformed.RowsRead;
            Accepted += transformed.Accepted;
            foreach ((string reason, long count) in transformed.QuarantinedByReason)
            {
                Quarantined[reason] = Quarantined.GetValueOrDefault(reason) + count;
            }
        }

        public SourceRunMetrics ToMetrics(string source) =>
            new(source, Rows, Accepted, new SortedDictionary<string, long>(Quarantined, StringComparer.Ordinal), Duplicates, HeldOut, New, NewLabelled);
    }

    [LoggerMessage(EventId = 510, Level = LogLevel.Information, Message = "Dataset version {Version} (parent {Parent}): {NewLabelled} new labelled records, {TotalLabelled} in all")]
    private static partial void LogVersion(ILogger logger, string version, string? parent, long newLabelled, long totalLabelled);

    [LoggerMessage(EventId = 511, Level = LogLevel.Information, Message = "No new records: dataset version {Parent} stays current")]
    private static partial void LogNoChange(ILogger logger, string? parent);
}

/// <summary>An unlabelled record kept in <c>unlabelled.jsonl</c>.</summary>
/// <param name="Id">The source's id.</param>
/// <param name="Source">The source.</param>
/// <param name="ReceivedAt">When it was sent.</param>
/// <param name="Text">The normalised text.</param>
public sealed record UnlabelledRecord(string Id, string Source, DateTimeOffset ReceivedAt, string Text);

/// <summary>A dataset version's <c>manifest.json</c>.</summary>
/// <param name="Version">The version (hash of the files).</param>
/// <param name="ParentVersion">The version it extends.</param>
/// <param name="CreatedAt">When.</param>
/// <param name="RunId">The data update run that made it.</param>
/// <param name="PromptVersion">The system prompt of the chat files.</param>
/// <param name="Counts">Record counts.</param>
/// <param name="LabelledByAct">New labelled records per dialogue act.</param>
/// <param name="Sources">Per-source metrics of the run.</param>
/// <param name="IngestedObjects">The source objects read.</param>
/// <param name="Sha256">The SHA-256 of each file.</param>
public sealed record DatasetManifest(
    string Version,
    string? ParentVersion,
    DateTimeOffset CreatedAt,
    string RunId,
    string PromptVersion,
    DatasetCounts Counts,
    IReadOnlyDictionary<string, long> LabelledByAct,
    IReadOnlyList<SourceRunMetrics> Sources,
    IReadOnlyList<ManifestObject> IngestedObjects,
    IReadOnlyDictionary<string, string> Sha256);

/// <summary>Record counts of a dataset version.</summary>
/// <param name="Train">Records in train.jsonl.</param>
/// <param name="Valid">Records in valid.jsonl.</param>
/// <param name="Unlabelled">Records in unlabelled.jsonl.</param>
/// <param name="NewLabelled">Labelled records added to the parent.</param>
/// <param name="NewUnlabelled">Unlabelled records added to the parent.</param>
public sealed record DatasetCounts(long Train, long Valid, long Unlabelled, long NewLabelled, long NewUnlabelled);

/// <summary>A source object a version ingested.</summary>
/// <param name="Source">Its source.</param>
/// <param name="Key">Its key.</param>
/// <param name="ETag">Its tag.</param>
/// <param name="QuarantineKey">Where its quarantined rows are, if any.</param>
public sealed record ManifestObject(string Source, string Key, string ETag, string? QuarantineKey);

/// <summary>Records a run's metrics through the metrics port.</summary>
/// <param name="metrics">The metrics sink.</param>
public sealed class RecordDataUpdateMetricsActivity(IMetricsSink metrics) : TaskActivity<DataUpdateMetrics, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, DataUpdateMetrics input)
    {
        await metrics.RecordDataUpdateAsync(input);
        return true;
    }
}

/// <summary>Publishes the data-transformed event on the event queue.</summary>
/// <param name="queue">The event queue.</param>
/// <param name="options">The data update options.</param>
public sealed class PublishDataTransformedActivity(IEventQueueClient queue, IOptions<DataUpdateOptions> options) : TaskActivity<DataTransformedEvent, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, DataTransformedEvent input)
    {
        await queue.SendAsync(options.Value.EventQueue, JsonSerializer.Serialize(input, PipelineJson.Options));
        return true;
    }
}

/// <summary>Marks the run's objects as ingested and moves the current version.</summary>
/// <param name="store">The object store.</param>
public sealed class CommitLedgerActivity(IObjectStore store) : TaskActivity<LedgerCommit, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, LedgerCommit input)
    {
        ArgumentNullException.ThrowIfNull(input);
        IngestionLedger ledger = await IngestionLedger.ReadAsync(store);
        ledger.CurrentVersion = input.Version;
        ledger.CurrentTotalLabelled = input.TotalLabelled;
        foreach (SourceObjectRef o in input.Objects)
        {
            ledger.Objects[o.Key] = new IngestedObject(o.ETag, o.Source, input.Version, input.IngestedAt);
        }

        using var stream = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(ledger, PipelineJson.Options));
        await store.WriteAsync(DataLayout.LedgerKey, stream);
        return true;
    }
}
