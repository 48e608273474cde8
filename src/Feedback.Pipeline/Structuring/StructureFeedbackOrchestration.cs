using System.Text;
using System.Text.Json;
using Feedback.Core.Jsonl;
using Feedback.Core.Mr;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Feedback.Pipeline.Structuring;

/// <summary>Where structured feedback is stored.</summary>
public static class StructuredLayout
{
    /// <summary>The folder of a dataset version's structured feedback.</summary>
    /// <param name="version">The dataset version.</param>
    public static string Folder(string version) => $"structured/{version}/";

    /// <summary>One batch's structured records.</summary>
    /// <param name="version">The dataset version.</param>
    /// <param name="offset">The batch's first line in <c>unlabelled.jsonl</c>.</param>
    public static string Part(string version, long offset) => $"{Folder(version)}part-{offset:D8}.jsonl";

    /// <summary>The summary of a version's structuring.</summary>
    /// <param name="version">The dataset version.</param>
    public static string Summary(string version) => $"{Folder(version)}summary.json";
}

/// <summary>What to structure, decided by <see cref="PlanStructuringActivity"/>.</summary>
/// <param name="SkipReason">Why nothing is structured, or null.</param>
/// <param name="ModelId">The champion.</param>
/// <param name="ServiceName">Its service.</param>
/// <param name="Offset">The first new unlabelled line (the parent's lines come first and were structured with it).</param>
/// <param name="Count">New unlabelled records.</param>
/// <param name="BatchSize">Records per batch.</param>
/// <param name="Parallelism">Batches at once.</param>
public sealed record StructuringPlan(string? SkipReason, string? ModelId, string ServiceName, long Offset, long Count, int BatchSize, int Parallelism);

/// <summary>One batch of unlabelled records to structure.</summary>
/// <param name="DatasetVersion">The dataset version.</param>
/// <param name="ModelId">The champion.</param>
/// <param name="ServiceName">Its service.</param>
/// <param name="Offset">The first line of <c>unlabelled.jsonl</c> in the batch.</param>
/// <param name="Count">Lines in the batch.</param>
public sealed record StructuringBatch(string DatasetVersion, string ModelId, string ServiceName, long Offset, int Count);

/// <summary>The counts of one structured batch.</summary>
/// <param name="Records">Records structured.</param>
/// <param name="Valid">Valid answers.</param>
/// <param name="ByAct">Valid answers per act.</param>
/// <param name="Games">Valid answers per game named.</param>
/// <param name="Ratings">Valid answers per rating.</param>
public sealed record StructuredBatchCounts(long Records, long Valid, Dictionary<string, long> ByAct, Dictionary<string, long> Games, Dictionary<string, long> Ratings);

/// <summary>A structured feedback record in <c>structured/{version}/part-*.jsonl</c>.</summary>
/// <param name="Id">The source's id.</param>
/// <param name="Source">The source.</param>
/// <param name="ReceivedAt">When it was sent.</param>
/// <param name="Text">The text.</param>
/// <param name="Mr">The model's answer.</param>
/// <param name="Parsed">The answer parsed, when it parses.</param>
/// <param name="Valid">Whether the answer is a valid MR.</param>
/// <param name="Error">Why not, when it is not.</param>
/// <param name="ModelId">The model that answered.</param>
public sealed record StructuredFeedbackRecord(string Id, string Source, DateTimeOffset ReceivedAt, string Text, string Mr, ParsedMr? Parsed, bool Valid, string? Error, string ModelId);

/// <summary>The output of <see cref="StructureFeedbackOrchestration"/>.</summary>
/// <param name="Outcome"><c>structured</c> or <c>skipped</c>.</param>
/// <param name="Reason">Why it was skipped, or what was done.</param>
/// <param name="Summary">The summary, when records were structured.</param>
public sealed record StructuringResult(string Outcome, string Reason, StructuringSummary? Summary);

/// <summary>
/// Structures a dataset version's new unlabelled feedback with the champion, so analysts can count
/// what players talk about: bounded fan-out of batch activities, each storing its records with the
/// model's answer, validity and the model id; then a summary (counts by act, top games, ratings) in
/// the store and the metrics sink. Skipped when there is no champion yet, no model platform, or the
/// version was structured before. Started by the data update after each new version.
/// </summary>
public sealed class StructureFeedbackOrchestration : TaskOrchestrator<string, StructuringResult>
{
    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 4, firstRetryInterval: TimeSpan.FromSeconds(2), backoffCoefficient: 2));

    /// <inheritdoc />
    public override async Task<StructuringResult> RunAsync(TaskOrchestrationContext context, string input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(input);
        StructuringPlan plan = await context.CallActivityAsync<StructuringPlan>(nameof(PlanStructuringActivity), input, Retry);
        if (plan.SkipReason is not null)
        {
            return new StructuringResult("skipped", plan.SkipReason, null);
        }

        var batches = new List<StructuringBatch>();
        for (long offset = plan.Offset; offset < plan.Offset + plan.Count; offset += plan.BatchSize)
        {
            batches.Add(new StructuringBatch(input, plan.ModelId!, plan.ServiceName, offset, (int)Math.Min(plan.BatchSize, plan.Offset + plan.Count - offset)));
        }

        int batchesDone = 0;
        context.SetCustomStatus(new { stage = "structuring", batchesDone, batches = batches.Count });
        StructuredBatchCounts[] counts = await FanOut.RunAsync<StructuringBatch, StructuredBatchCounts>(
            context, nameof(StructureBatchActivity), batches, plan.Parallelism, Retry,
            _ => context.SetCustomStatus(new { stage = "structuring", batchesDone = ++batchesDone, batches = batches.Count }));

        StructuringSummary summary = Summarize(input, plan.ModelId!, context.CurrentUtcDateTime, counts);
        await context.CallActivityAsync(nameof(RecordStructuringActivity), summary, Retry);
        return new StructuringResult("structured", $"{summary.Records} records structured by {summary.ModelId}, {summary.Valid} valid", summary);
    }

    /// <summary>Adds up the batches: acts and ratings in full, the ten most named games.</summary>
    internal static StructuringSummary Summarize(string version, string modelId, DateTimeOffset at, IEnumerable<StructuredBatchCounts> batches)
    {
        long records = 0, valid = 0;
        var byAct = new Dictionary<string, long>(StringComparer.Ordinal);
        var games = new Dictionary<string, long>(StringComparer.Ordinal);
        var ratings = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (StructuredBatchCounts batch in batches)
        {
            records += batch.Records;
            valid += batch.Valid;
            Add(byAct, batch.ByAct);
            Add(games, batch.Games);
            Add(ratings, batch.Ratings);
        }

        return new StructuringSummary(version, modelId, at, records, valid,
            Ordered(byAct, int.MaxValue), Ordered(games, 10), Ordered(ratings, int.MaxValue));

        static void Add(Dictionary<string, long> into, Dictionary<string, long> from)
        {
            foreach ((string key, long count) in from)
            {
                into[key] = into.GetValueOrDefault(key) + count;
            }
        }

        static Dictionary<string, long> Ordered(Dictionary<string, long> counts, int take) =>
            counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(take).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
    }
}

/// <summary>Decides what to structure: the champion, and the version's new unlabelled lines.</summary>
/// <param name="services">The services (the model endpoint is only there when a model platform is configured).</param>
/// <param name="store">The object store.</param>
/// <param name="registry">The model registry.</param>
/// <param name="modelUpdate">The service name.</param>
/// <param name="options">The structuring options.</param>
public sealed class PlanStructuringActivity(
    IServiceProvider services,
    IObjectStore store,
    ModelRegistry registry,
    IOptions<ModelUpdateOptions> modelUpdate,
    IOptions<StructuringOptions> options) : TaskActivity<string, StructuringPlan>
{
    /// <inheritdoc />
    public override async Task<StructuringPlan> RunAsync(TaskActivityContext context, string input)
    {
        StructuringOptions o = options.Value;
        string service = modelUpdate.Value.ServiceName;
        StructuringPlan Skip(string reason) => new(reason, null, service, 0, 0, o.BatchSize, o.Parallelism);
        if (!o.StructureNewVersions)
        {
            return Skip("structuring new versions is switched off (Structuring:StructureNewVersions)");
        }

        if (services.GetService<IModelEndpoint>() is null)
        {
            return Skip("no model platform is configured");
        }

        string? champion = (await registry.ReadAsync()).Champion;
        if (champion is null)
        {
            return Skip("there is no champion yet");
        }

        await foreach (StoredObject _ in store.ListAsync(StructuredLayout.Summary(input)))
        {
            return Skip($"version {input} was structured before");
        }

        DatasetManifest manifest;
        await using (Stream stream = await store.OpenReadAsync(DataLayout.DatasetFile(input, "manifest.json")))
        {
            manifest = (await JsonSerializer.DeserializeAsync<DatasetManifest>(stream, PipelineJson.Options))!;
        }

        long count = manifest.Counts.NewUnlabelled;
        return count == 0
            ? Skip($"version {input} has no new unlabelled records")
            : new StructuringPlan(null, champion, service, manifest.Counts.Unlabelled - count, count, o.BatchSize, o.Parallelism);
    }
}

/// <summary>Structures one batch of unlabelled records with the champion and stores them.</summary>
/// <param name="store">The object store.</param>
/// <param name="endpoint">The model endpoint.</param>
public sealed class StructureBatchActivity(IObjectStore store, IModelEndpoint endpoint) : TaskActivity<StructuringBatch, StructuredBatchCounts>
{
    /// <inheritdoc />
    public override async Task<StructuredBatchCounts> RunAsync(TaskActivityContext context, StructuringBatch input)
    {
        ArgumentNullException.ThrowIfNull(input);
        List<UnlabelledRecord> records = await StoredJsonl.ReadSliceAsync(store, DataLayout.DatasetFile(input.DatasetVersion, "unlabelled.jsonl"), input.Offset, input.Count,
            (_, line) => JsonSerializer.Deserialize<UnlabelledRecord>(line.Bytes.Span, PipelineJson.Options)!);

        var counts = new StructuredBatchCounts(0, 0, new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal));
        var output = new StringBuilder();
        long valid = 0;
        foreach (UnlabelledRecord record in records)
        {
            string answer = await endpoint.CompleteAsync(input.ServiceName, input.ModelId, record.Text, canary: false);
            StructuredText structured = StructuredText.FromAnswer(record.Text, answer, input.ModelId);
            output.Append(JsonSerializer.Serialize(new StructuredFeedbackRecord(
                record.Id, record.Source, record.ReceivedAt, record.Text, structured.Mr, structured.Parsed, structured.Valid, structured.Error, input.ModelId), PipelineJson.Options)).Append('\n');
            if (!structured.Valid)
            {
                continue;
            }

            valid++;
            MeaningRepresentation mr = MeaningRepresentation.Parse(answer);
            string act = mr.Act.WireName();
            counts.ByAct[act] = counts.ByAct.GetValueOrDefault(act) + 1;
            if (mr[SlotName.Name] is { } game)
            {
                counts.Games[game] = counts.Games.GetValueOrDefault(game) + 1;
            }

            if (mr[SlotName.Rating] is { } rating)
            {
                counts.Ratings[rating] = counts.Ratings.GetValueOrDefault(rating) + 1;
            }
        }

        await store.WriteAsync(StructuredLayout.Part(input.DatasetVersion, input.Offset), new MemoryStream(Encoding.UTF8.GetBytes(output.ToString())));
        return counts with { Records = records.Count, Valid = valid };
    }
}

/// <summary>Stores a version's structuring summary and records it in the metrics sink.</summary>
/// <param name="store">The object store.</param>
/// <param name="metrics">The metrics sink.</param>
public sealed class RecordStructuringActivity(IObjectStore store, IMetricsSink metrics) : TaskActivity<StructuringSummary, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, StructuringSummary input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await metrics.RecordStructuringAsync(input);
        await store.WriteAsync(StructuredLayout.Summary(input.DatasetVersion), new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(input, PipelineJson.Options)));
        return true;
    }
}
