using System.Text.Json;
using Feedback.Pipeline;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Ports;
using Feedback.Pipeline.Structuring;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Feedback.Host.Api;

/// <summary>
/// The dashboard (<c>GET /dashboard</c>, one self-contained page with no external resources) and the
/// read-only routes it calls besides the instance list: the model registry, the current dataset
/// version and the newest rollout report. Read routes need no key, like the Durable status routes.
/// </summary>
public static class DashboardApi
{
    private const string PageResource = "Feedback.Host.Dashboard.index.html";

    /// <summary>Maps the routes.</summary>
    /// <param name="app">The endpoint builder.</param>
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/dashboard", Page).ExcludeFromDescription();
        app.MapGet("/", () => TypedResults.Redirect("/dashboard")).ExcludeFromDescription();
        app.MapGet("/api/models", ModelsAsync).WithName("GetModelRegistry").WithSummary("The model registry: champion, challenger, every model and the promotion history.");
        app.MapGet("/api/datasets/latest", LatestDatasetAsync).WithName("GetLatestDataset").WithSummary("The current dataset version's manifest and structuring summary.");
        app.MapGet("/api/reports/latest", LatestReportAsync).WithName("GetLatestReport").WithSummary("Where the newest rollout report is.");
        app.MapGet("/api/reports/{instanceId}/{file}", ReportAsync).WithName("GetReport").WithSummary("A rollout report: report.html or report.md.");
        return app;
    }

    private static FileStreamHttpResult Page(HttpResponse response)
    {
        Stream page = typeof(DashboardApi).Assembly.GetManifestResourceStream(PageResource)
            ?? throw new InvalidOperationException($"The dashboard page ({PageResource}) is not embedded.");
        response.Headers.ContentSecurityPolicy = "default-src 'self'; script-src 'unsafe-inline' 'self'; style-src 'unsafe-inline'; img-src 'self' data:; frame-src 'self'";
        return TypedResults.Stream(page, "text/html; charset=utf-8");
    }

    private static async Task<Ok<ModelRegistryDocument>> ModelsAsync(ModelRegistry registry, CancellationToken cancellationToken) =>
        TypedResults.Ok(await registry.ReadAsync(cancellationToken));

    private static async Task<Results<Ok<DatasetSummary>, ProblemHttpResult>> LatestDatasetAsync(IObjectStore store, CancellationToken cancellationToken)
    {
        IngestionLedger ledger = await IngestionLedger.ReadAsync(store, cancellationToken);
        if (ledger.CurrentVersion is not { } version)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No dataset version yet", detail: "No data update has made a dataset version yet.");
        }

        DatasetManifest manifest = (await ReadJsonAsync<DatasetManifest>(store, DataLayout.DatasetFile(version, "manifest.json"), cancellationToken))!;
        StructuringSummary? structuring = await ReadJsonAsync<StructuringSummary>(store, StructuredLayout.Summary(version), cancellationToken);
        return TypedResults.Ok(new DatasetSummary(version, manifest, structuring));
    }

    private static async Task<Results<Ok<ReportLink>, ProblemHttpResult>> LatestReportAsync(IObjectStore store, CancellationToken cancellationToken)
    {
        StoredObject? newest = null;
        await foreach (StoredObject stored in store.ListAsync("reports/", cancellationToken))
        {
            if (stored.Key.EndsWith("/report.html", StringComparison.Ordinal) && (newest is null || stored.LastModified > newest.LastModified))
            {
                newest = stored;
            }
        }

        if (newest is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No report yet", detail: "No rollout has written a report yet.");
        }

        string instanceId = newest.Key["reports/".Length..^"/report.html".Length];
        string route = $"/api/reports/{Uri.EscapeDataString(instanceId)}";
        return TypedResults.Ok(new ReportLink(instanceId, $"{route}/report.html", $"{route}/report.md", newest.LastModified));
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> ReportAsync(string instanceId, string file, IObjectStore store, CancellationToken cancellationToken)
    {
        string? contentType = file switch
        {
            "report.html" => "text/html; charset=utf-8",
            "report.md" => "text/markdown; charset=utf-8",
            _ => null,
        };
        if (contentType is null || instanceId.Length is 0 or > 200 || instanceId.Contains("..", StringComparison.Ordinal) || instanceId.Any(c => c is '/' or '\\' || char.IsControl(c)))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such report", detail: "Reports are report.html or report.md under a rollout's instance id.");
        }

        try
        {
            return TypedResults.Stream(await store.OpenReadAsync($"reports/{instanceId}/{file}", cancellationToken), contentType);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or KeyNotFoundException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such report", detail: $"There is no report for '{instanceId}'.");
        }
    }

    private static async Task<T?> ReadJsonAsync<T>(IObjectStore store, string key, CancellationToken cancellationToken)
        where T : class
    {
        TaggedContent? content = await store.ReadTaggedAsync(key, cancellationToken);
        return content is null ? null : JsonSerializer.Deserialize<T>(content.Content, PipelineJson.Options);
    }
}
