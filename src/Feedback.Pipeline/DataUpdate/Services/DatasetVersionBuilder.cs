using System.Collections;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Feedback.Core;
using Feedback.Core.FineTuning;
using Feedback.Core.Ingestion;
using Feedback.Core.Jsonl;
using Feedback.Core.Records;
using Feedback.Pipeline.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Feedback.Pipeline.DataUpdate;

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
public sealed partial class DatasetVersionBuilder(IObjectStore store, IOptions<DataUpdateOptions> options, ILogger<DatasetVersionBuilder> logger)
{
    private static readonly string[] Files = ["train.jsonl", "valid.jsonl", "unlabelled.jsonl"];

    /// <summary>Joins the parent and the transformed objects into a new version; no version when nothing is new.</summary>
    /// <param name="input">The parent and the transformed objects.</param>
    public async Task<DatasetBuildResult> BuildAsync(DatasetBuildRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        DataUpdateOptions o = options.Value;
        HashSet<UInt128> heldOut = await ReadHeldOutAsync(o.TestSetKey);
        var paths = Files.ToDictionary(f => f, _ => Path.GetTempFileName(), StringComparer.Ordinal);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal) { ["train.jsonl"] = 0, ["valid.jsonl"] = 0, ["unlabelled.jsonl"] = 0 };
        var byAct = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var perSource = new Dictionary<string, SourceTally>(StringComparer.Ordinal);
        try
        {
            var writers = paths.ToDictionary(p => p.Key, p => new StreamWriter(p.Value, append: false, new UTF8Encoding(false)) { NewLine = "\n" }, StringComparer.Ordinal);
            try
            {
                await JoinAsync(input, heldOut, o.ValidPercent, writers, counts, byAct, perSource);
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

            string version = await PublishAsync(input, paths, new DatasetCounts(counts["train.jsonl"], counts["valid.jsonl"], counts["unlabelled.jsonl"], newLabelled, newUnlabelled), byAct, sources);
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

    /// <summary>Entries the de-duplication sorts in memory at a time (tests make it small to exercise the spilling).</summary>
    internal int RunLength { get; init; } = RepeatedKeyFinder.DefaultRunLength;

    /// <summary>
    /// Writes the parent's records, then the new ones de-duplicated, held-out texts left out, labelled ones split.
    /// Two passes: the first copies each staged object to a local file and numbers every content key (the parent's
    /// first), and <see cref="RepeatedKeyFinder"/> marks each key that repeats an earlier one; the second writes
    /// the records that are not marked. Memory does not grow with the number of distinct records.
    /// </summary>
    private async Task JoinAsync(
        DatasetBuildRequest input,
        HashSet<UInt128> heldOut,
        int validPercent,
        Dictionary<string, StreamWriter> writers,
        Dictionary<string, long> counts,
        SortedDictionary<string, long> byAct,
        Dictionary<string, SourceTally> perSource)
    {
        using var keys = new RepeatedKeyFinder(RunLength);
        var copies = new List<(TransformedObject Transformed, string Path)>();
        try
        {
            if (input.ParentVersion is not null)
            {
                foreach (string file in Files)
                {
                    counts[file] = await CopyParentAsync(input.ParentVersion, file, writers[file], keys);
                }
            }

            long number = keys.Count;
            foreach (TransformedObject transformed in input.Transformed.OrderBy(t => t.Source.Key, StringComparer.Ordinal))
            {
                SourceTally tally = perSource.TryGetValue(transformed.Source.Source, out SourceTally? t) ? t : perSource[transformed.Source.Source] = new SourceTally();
                tally.Add(transformed);
                string copy = Path.GetTempFileName();
                copies.Add((transformed, copy));
                await using Stream staged = await store.OpenReadAsync(transformed.AcceptedKey);
                await using var local = new FileStream(copy, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                await foreach (JsonlLine line in JsonlReader.ReadLinesAsync(staged))
                {
                    keys.Add(ParseKey(StagedKey(line.Bytes.Span)));
                    await local.WriteAsync(line.Bytes);
                    await local.WriteAsync(NewLine);
                }
            }

            BitArray repeats = keys.FindRepeats();
            foreach ((TransformedObject transformed, string copy) in copies)
            {
                SourceTally tally = perSource[transformed.Source.Source];
                await using var local = new FileStream(copy, FileMode.Open, FileAccess.Read, FileShare.None, 1 << 16, useAsync: true);
                await foreach (JsonlLine line in JsonlReader.ReadLinesAsync(local))
                {
                    if (repeats[(int)number++])
                    {
                        tally.Duplicates++;
                        continue;
                    }

                    using JsonDocument document = JsonDocument.Parse(line.Bytes);
                    JsonElement row = document.RootElement;
                    string key = row.GetProperty("key").GetString()!;
                    string text = row.GetProperty("text").GetString()!;
                    string? label = row.TryGetProperty("label", out JsonElement l) ? l.GetString() : null;
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
                    string file = DatasetSplit.IsValidation(key, validPercent) ? "valid.jsonl" : "train.jsonl";
                    await writers[file].WriteLineAsync(JsonSerializer.Serialize(ChatExample.Create(text, label), CoreJsonContext.Default.ChatExample));
                    counts[file]++;
                }
            }
        }
        finally
        {
            foreach ((_, string copy) in copies)
            {
                File.Delete(copy);
            }
        }
    }

    private static readonly ReadOnlyMemory<byte> NewLine = "\n"u8.ToArray();

    /// <summary>The content key of a staged line (its top-level <c>key</c>).</summary>
    private static string StagedKey(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("key"u8))
            {
                reader.Read();
                return reader.GetString()!;
            }

            reader.Read();
            reader.Skip();
        }

        throw new InvalidDataException("A staged line has no content key.");
    }

    /// <summary>Names the version after its files' hashes, writes them and the manifest; returns the version.</summary>
    private async Task<string> PublishAsync(
        DatasetBuildRequest input, Dictionary<string, string> paths, DatasetCounts counts, SortedDictionary<string, long> byAct, List<SourceRunMetrics> sources)
    {
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
            await store.WriteAsync(StoreLayout.DatasetFile(version, file), stream);
        }

        var manifest = new DatasetManifest(
            version,
            input.ParentVersion,
            input.CreatedAt,
            input.RunId,
            ViggoPrompt.Version,
            counts,
            byAct,
            sources,
            [.. input.Transformed.Select(t => new ManifestObject(t.Source.Source, t.Source.Key, t.Source.ETag, t.QuarantineKey))],
            hashes);
        using var manifestStream = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(manifest, ManifestJson));
        await store.WriteAsync(StoreLayout.DatasetFile(version, "manifest.json"), manifestStream);
        return version;
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

    private async Task<long> CopyParentAsync(string parent, string file, StreamWriter writer, RepeatedKeyFinder keys)
    {
        long count = 0;
        await using Stream stream = await store.OpenReadAsync(StoreLayout.DatasetFile(parent, file));
        await foreach (JsonlLine line in JsonlReader.ReadLinesAsync(stream))
        {
            using JsonDocument document = JsonDocument.Parse(line.Bytes);
            JsonElement root = document.RootElement;
            string key = root.TryGetProperty("messages", out JsonElement messages)
                ? FeedbackText.ContentKey(messages[1].GetProperty("content").GetString()!, messages[2].GetProperty("content").GetString())
                : FeedbackText.ContentKey(root.GetProperty("text").GetString()!, null);
            keys.Add(ParseKey(key));
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
