using System.Globalization;
using System.Text;
using System.Text.Json;
using Feedback.Core.Evaluation;
using Feedback.Core.Jsonl;
using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;

namespace Feedback.Pipeline.ModelUpdate;

/// <summary>One prediction of an evaluation.</summary>
/// <param name="Index">The test item (0-based).</param>
/// <param name="Text">The feedback text.</param>
/// <param name="Reference">The reference MR.</param>
/// <param name="Prediction">What the model answered.</param>
public sealed record PredictionRecord(int Index, string Text, string Reference, string Prediction);

/// <summary>Registers the challenger (idempotent) and returns the current champion, if any.</summary>
/// <param name="registry">The model registry.</param>
/// <param name="time">The clock.</param>
public sealed class RegisterChallengerActivity(ModelRegistry registry, TimeProvider time) : TaskActivity<RolloutRequest, string?>
{
    /// <inheritdoc />
    public override async Task<string?> RunAsync(TaskActivityContext context, RolloutRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ModelRegistryDocument document = await registry.ReadAsync();
        if (document.Find(input.ChallengerModelId) is null)
        {
            document = await registry.RegisterChallengerAsync(new RegisteredModel(input.ChallengerModelId, input.DatasetVersion, null, "challenger", time.GetUtcNow()));
        }

        return document.Champion;
    }
}

/// <summary>Counts the items of the test set.</summary>
/// <param name="store">The object store.</param>
public sealed class CountTestItemsActivity(IObjectStore store) : TaskActivity<string, int>
{
    /// <inheritdoc />
    public override async Task<int> RunAsync(TaskActivityContext context, string input)
    {
        int count = 0;
        await using Stream stream = await store.OpenReadAsync(input);
        await foreach (JsonlLine _ in JsonlReader.ReadLinesAsync(stream))
        {
            count++;
        }

        return count;
    }
}

/// <summary>Evaluates one batch of the test set on one model, storing each prediction.</summary>
/// <param name="store">The object store.</param>
/// <param name="endpoint">The model endpoint.</param>
public sealed class EvaluateBatchActivity(IObjectStore store, IModelEndpoint endpoint) : TaskActivity<EvaluationBatch, int>
{
    /// <inheritdoc />
    public override async Task<int> RunAsync(TaskActivityContext context, EvaluationBatch input)
    {
        ArgumentNullException.ThrowIfNull(input);
        List<(int Index, string Text, string Reference)> items = await StoredJsonl.ReadSliceAsync(store, input.TestSetKey, input.Offset, input.Count, (index, line) =>
        {
            (string text, string reference) = TestItem(line);
            return ((int)index, text, reference);
        });

        var output = new StringBuilder();
        foreach ((int index, string text, string reference) in items)
        {
            string prediction = await endpoint.CompleteAsync(input.ServiceName, input.ModelId, text, input.Canary);
            output.Append(JsonSerializer.Serialize(new PredictionRecord(index, text, reference, prediction), PipelineJson.Options)).Append('\n');
        }

        await store.WriteAsync(input.OutputKey, new MemoryStream(Encoding.UTF8.GetBytes(output.ToString())));
        return items.Count;
    }

    /// <summary>Reads a test item in either labelled format (text/mr pairs or chat examples).</summary>
    internal static (string Text, string Reference) TestItem(JsonlLine line)
    {
        (string? text, string? mr) = LabelledLines.Read(line);
        return (text!, mr ?? throw new InvalidDataException($"Test item {line.Number} has no MR."));
    }
}

/// <summary>Scores both models' predictions with the product's metrics and the champion-challenger rule.</summary>
/// <param name="store">The object store.</param>
public sealed class ScoreRolloutActivity(IObjectStore store) : TaskActivity<ScoringRequest, RolloutScore>
{
    /// <inheritdoc />
    public override async Task<RolloutScore> RunAsync(TaskActivityContext context, ScoringRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        List<PredictionRecord> champion = await ReadAsync(input.ChampionKeys);
        List<PredictionRecord> challenger = await ReadAsync(input.ChallengerKeys);
        QualityReport championReport = QualityMetrics.Compute(champion.Select(p => (p.Reference, p.Prediction)));
        QualityReport challengerReport = QualityMetrics.Compute(challenger.Select(p => (p.Reference, p.Prediction)));
        var options = new DecisionOptions();
        PairedComparison comparison = ChampionChallenger.Compare(
            QualityMetrics.ExactMatches(champion.Select(p => (p.Reference, p.Prediction))),
            QualityMetrics.ExactMatches(challenger.Select(p => (p.Reference, p.Prediction))),
            options);
        RolloutDecision decision = ChampionChallenger.Decide(comparison, options);

        var scores = new
        {
            champion = championReport,
            challenger = challengerReport,
            comparison,
            decision.Reasons,
            differences = champion.Zip(challenger)
                .Where(p => p.First.Prediction != p.Second.Prediction)
                .Take(12)
                .Select(p => new { p.First.Text, p.First.Reference, champion = p.First.Prediction, challenger = p.Second.Prediction }),
        };
        await store.WriteAsync(input.OutputKey, new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(scores, PipelineJson.Options)));
        return new RolloutScore(
            Metrics(championReport),
            Metrics(challengerReport),
            decision.Promote,
            comparison.Difference,
            comparison.PValue,
            comparison.ConfidenceLow,
            comparison.ConfidenceHigh,
            decision.Reasons,
            input.OutputKey);
    }

    private static ModelMetrics Metrics(QualityReport report) => new(report.ExactMatch, report.DialogueActAccuracy, report.Slots.F1, report.Count);

    private async Task<List<PredictionRecord>> ReadAsync(IReadOnlyList<string> keys)
    {
        var records = new List<PredictionRecord>();
        foreach (string key in keys)
        {
            await using Stream stream = await store.OpenReadAsync(key);
            await foreach (JsonlLine line in JsonlReader.ReadLinesAsync(stream))
            {
                records.Add(JsonSerializer.Deserialize<PredictionRecord>(line.Bytes.Span, PipelineJson.Options)!);
            }
        }

        return [.. records.OrderBy(r => r.Index)];
    }
}

/// <summary>Promotes the challenger: the canary takes all traffic, the champion alias moves (if the champion is still the one the decision assumed).</summary>
/// <param name="platform">The compute platform.</param>
/// <param name="jobs">How models are served.</param>
/// <param name="registry">The model registry.</param>
/// <param name="time">The clock.</param>
public sealed class PromoteChallengerActivity(IComputePlatform platform, IFineTuneJobs jobs, ModelRegistry registry, TimeProvider time) : TaskActivity<RolloutDecisionInput, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, RolloutDecisionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        double? canaryMinutes = await CanaryService.MinutesAsync(platform, input.Request, time);
        await registry.RecordMetricsAsync(input.Request.ChallengerModelId, input.Score.Challenger, canaryMinutes);
        await registry.PromoteAsync(input.Request.ChallengerModelId, input.ExpectedChampion, input.By, input.Evidence, input.At);
        // The same spec as the canary's (same version label and config) at 100%: the platform completes the rollout.
        await platform.ApplyServiceAsync(new ServiceSpec(input.Request.ServiceName, jobs.Describe(input.Request.ChallengerModelId), CanaryPercent: 100));
        return true;
    }
}

/// <summary>Rejects the challenger: the canary is rolled back, the registry marks it rejected, the champion stays.</summary>
/// <param name="platform">The compute platform.</param>
/// <param name="registry">The model registry.</param>
/// <param name="time">The clock.</param>
public sealed class RejectChallengerActivity(IComputePlatform platform, ModelRegistry registry, TimeProvider time) : TaskActivity<RolloutDecisionInput, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, RolloutDecisionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        double? canaryMinutes = await CanaryService.MinutesAsync(platform, input.Request, time);
        await registry.RecordMetricsAsync(input.Request.ChallengerModelId, input.Score.Challenger, canaryMinutes);
        if (await platform.FindServiceAsync(input.Request.ServiceName) is { Canary: not null } service)
        {
            await platform.RollbackServiceAsync(service.Id);
        }

        await registry.RejectAsync(input.Request.ChallengerModelId);
        return true;
    }
}

/// <summary>The canary's service time, from the platform's timestamps.</summary>
internal static class CanaryService
{
    /// <summary>Minutes since the challenger's canary was created, or null when it is not on the canary.</summary>
    public static async Task<double?> MinutesAsync(IComputePlatform platform, RolloutRequest request, TimeProvider time)
    {
        ServiceInfo? service = await platform.FindServiceAsync(request.ServiceName);
        return service?.Canary is { Version: var version, CreatedAt: { } created } && version == ServingVersions.LabelOf(request.ChallengerModelId)
            ? (time.GetUtcNow() - created).TotalMinutes
            : null;
    }
}

/// <summary>Sends a notification; one that cannot be delivered is logged instead, never failing the work it reports on.</summary>
/// <param name="notifier">The notifier.</param>
/// <param name="logger">Where undelivered notifications go.</param>
public sealed partial class NotifyActivity(INotifier notifier, Microsoft.Extensions.Logging.ILogger<NotifyActivity> logger) : TaskActivity<Notification, bool>
{
    /// <summary>Delivers the notification; false when it could not be (it is then logged, and the work it reports on stands).</summary>
    public override async Task<bool> RunAsync(TaskActivityContext context, Notification input)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            await notifier.NotifyAsync(input);
            return true;
        }
#pragma warning disable CA1031 // A notification that cannot be delivered must not undo or fail the promotion, rollback or alert it reports.
        catch (Exception e)
#pragma warning restore CA1031
        {
            // Only the exception's type and status: messages of HTTP failures may name the endpoint, which is a secret for webhooks.
            LogUndelivered(logger, input.Level, input.Title, input.Summary, e.GetType().Name, (e as HttpRequestException)?.StatusCode?.ToString() ?? "-");
            return false;
        }
    }

    [Microsoft.Extensions.Logging.LoggerMessage(EventId = 620, Level = Microsoft.Extensions.Logging.LogLevel.Error, Message = "Notification not delivered ({ErrorType}, status {Status}); it was: [{Level}] {Title}: {Summary}")]
    private static partial void LogUndelivered(Microsoft.Extensions.Logging.ILogger logger, NotificationLevel level, string title, string summary, string errorType, string status);
}

/// <summary>
/// Writes the rollout report (Markdown and a standalone HTML page) under <c>reports/{instanceId}/</c>,
/// with the dataset's lineage (from its manifest), the job's compute minutes (from the registry) and
/// the canary's service time (from the platform).
/// </summary>
/// <param name="store">The object store.</param>
/// <param name="registry">The model registry.</param>
/// <param name="platform">The compute platform.</param>
/// <param name="time">The clock.</param>
public sealed class WriteRolloutReportActivity(IObjectStore store, ModelRegistry registry, IComputePlatform platform, TimeProvider time) : TaskActivity<ReportRequest, string>
{
    /// <inheritdoc />
    public override async Task<string> RunAsync(TaskActivityContext context, ReportRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        JsonElement scores;
        await using (Stream stream = await store.OpenReadAsync(input.Score.ScoresKey))
        {
            scores = (await JsonDocument.ParseAsync(stream)).RootElement.Clone();
        }

        ReportContext lineage = await ContextAsync(input);
        string folder = $"reports/{input.InstanceId}";
        await store.WriteAsync($"{folder}/report.md", new MemoryStream(Encoding.UTF8.GetBytes(RolloutReport.Markdown(input, scores, lineage))));
        string html = $"{folder}/report.html";
        await store.WriteAsync(html, new MemoryStream(Encoding.UTF8.GetBytes(RolloutReport.Html(input, scores, lineage))));
        return html;
    }

    private async Task<ReportContext> ContextAsync(ReportRequest input)
    {
        DatasetUpdateManifest? manifest = null;
        if (input.Request.DatasetVersion is { } version)
        {
            try
            {
                await using Stream stream = await store.OpenReadAsync(DataUpdate.DataLayout.DatasetFile(version, "manifest.json"));
                manifest = await JsonSerializer.DeserializeAsync<DatasetUpdateManifest>(stream, PipelineJson.Options);
            }
            catch (FileNotFoundException)
            {
                // A rollout started by hand for a model without a dataset version in this store.
            }
        }

        RegisteredModel? model = (await registry.ReadAsync()).Find(input.Request.ChallengerModelId);
        ServiceInfo? service = await platform.FindServiceAsync(input.Request.ServiceName);
        DateTimeOffset? servedSince = (service?.Canary?.Version == ServingVersions.LabelOf(input.Request.ChallengerModelId) ? service.Canary : service?.Primary)?.CreatedAt;
        return new ReportContext(
            manifest?.ParentVersion,
            manifest?.Counts.Train ?? 0,
            manifest?.Counts.Valid ?? 0,
            manifest?.Sources?.ToDictionary(s => s.Source, s => s.NewLabelled),
            manifest?.LabelledByAct,
            model?.JobId,
            model?.ComputeMinutes,
            servedSince is { } since ? (time.GetUtcNow() - since).TotalMinutes : null);
    }

    /// <summary>The parts of a dataset manifest the report shows.</summary>
    private sealed record DatasetUpdateManifest(
        string? ParentVersion,
        DataUpdate.DatasetCounts Counts,
        IReadOnlyDictionary<string, long>? LabelledByAct,
        IReadOnlyList<SourceRunMetrics>? Sources);
}
