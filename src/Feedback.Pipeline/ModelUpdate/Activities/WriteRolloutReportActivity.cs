using System.Text;
using System.Text.Json;
using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;

namespace Feedback.Pipeline.ModelUpdate;

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
        await store.WriteAsync(StoreLayout.Report(input.InstanceId, "report.md"), new MemoryStream(Encoding.UTF8.GetBytes(RolloutReport.Markdown(input, scores, lineage))));
        string html = StoreLayout.Report(input.InstanceId, "report.html");
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
                await using Stream stream = await store.OpenReadAsync(StoreLayout.DatasetFile(version, "manifest.json"));
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
