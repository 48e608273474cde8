using System.Text.Json;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Ports;
using Feedback.Pipeline.Structuring;

namespace Feedback.Pipeline.Reading;

/// <summary>
/// The read side both runtimes serve (<c>GET /api/models</c>, <c>/api/datasets/latest</c>, <c>/api/reports/latest</c>,
/// <c>/api/reports/{instance}/{file}</c>): the model registry, the current dataset version, and the rollout reports.
/// The routes only map these answers to HTTP.
/// </summary>
/// <param name="store">The object store.</param>
/// <param name="registry">The model registry.</param>
public sealed class FeedbackReads(IObjectStore store, ModelRegistry registry)
{
    /// <summary>The model registry: champion, challenger, every model and the promotion history.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    public Task<ModelRegistryDocument> ModelsAsync(CancellationToken cancellationToken = default) => registry.ReadAsync(cancellationToken);

    /// <summary>The current dataset version's manifest and structuring summary; null when there is no version yet.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<DatasetSummary?> LatestDatasetAsync(CancellationToken cancellationToken = default)
    {
        IngestionLedger ledger = await IngestionLedger.ReadAsync(store, cancellationToken);
        if (ledger.CurrentVersion is not { } version)
        {
            return null;
        }

        DatasetManifest manifest = (await ReadJsonAsync<DatasetManifest>(StoreLayout.DatasetFile(version, "manifest.json"), cancellationToken))!;
        StructuringSummary? structuring = await ReadJsonAsync<StructuringSummary>(StoreLayout.StructuredSummary(version), cancellationToken);
        return new DatasetSummary(version, manifest, structuring);
    }

    /// <summary>Where the newest rollout report is, as routes under <paramref name="routeBase"/>; null when there is none yet.</summary>
    /// <param name="routeBase">The reports route, for example <c>/api/reports</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<ReportLink?> LatestReportAsync(string routeBase, CancellationToken cancellationToken = default)
    {
        StoredObject? newest = null;
        await foreach (StoredObject stored in store.ListAsync(StoreLayout.Reports, cancellationToken))
        {
            if (stored.Key.EndsWith("/report.html", StringComparison.Ordinal) && (newest is null || stored.LastModified > newest.LastModified))
            {
                newest = stored;
            }
        }

        if (newest is null)
        {
            return null;
        }

        string instanceId = StoreLayout.ReportRollout(newest.Key)!;
        string route = $"{routeBase}/{Uri.EscapeDataString(instanceId)}";
        return new ReportLink(instanceId, $"{route}/report.html", $"{route}/report.md", newest.LastModified);
    }

    /// <summary>
    /// A rollout report's <c>report.html</c> or <c>report.md</c>; null when the name is not one of those, the instance id
    /// is not a plain id (no path characters), or there is no such report.
    /// </summary>
    /// <param name="instanceId">The rollout's instance id.</param>
    /// <param name="file"><c>report.html</c> or <c>report.md</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<ReportFile?> ReportAsync(string instanceId, string file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        string? contentType = file switch
        {
            "report.html" => "text/html; charset=utf-8",
            "report.md" => "text/markdown; charset=utf-8",
            _ => null,
        };
        if (contentType is null || instanceId.Length is 0 or > 200 || instanceId.Contains("..", StringComparison.Ordinal) || instanceId.Any(c => c is '/' or '\\' || char.IsControl(c)))
        {
            return null;
        }

        try
        {
            return new ReportFile(await store.OpenReadAsync(StoreLayout.Report(instanceId, file), cancellationToken), contentType);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or KeyNotFoundException)
        {
            return null;
        }
    }

    private async Task<T?> ReadJsonAsync<T>(string key, CancellationToken cancellationToken)
        where T : class
    {
        TaggedContent? content = await store.ReadTaggedAsync(key, cancellationToken);
        return content is null ? null : JsonSerializer.Deserialize<T>(content.Content, PipelineJson.Options);
    }
}
