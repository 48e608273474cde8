using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Reading;
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

    private static async Task<Ok<ModelRegistryDocument>> ModelsAsync(FeedbackReads reads, CancellationToken cancellationToken) =>
        TypedResults.Ok(await reads.ModelsAsync(cancellationToken));

    private static async Task<Results<Ok<DatasetSummary>, ProblemHttpResult>> LatestDatasetAsync(FeedbackReads reads, CancellationToken cancellationToken) =>
        await reads.LatestDatasetAsync(cancellationToken) is { } summary
            ? TypedResults.Ok(summary)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No dataset version yet", detail: "No data update has made a dataset version yet.");

    private static async Task<Results<Ok<ReportLink>, ProblemHttpResult>> LatestReportAsync(FeedbackReads reads, CancellationToken cancellationToken) =>
        await reads.LatestReportAsync("/api/reports", cancellationToken) is { } link
            ? TypedResults.Ok(link)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No report yet", detail: "No rollout has written a report yet.");

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> ReportAsync(string instanceId, string file, FeedbackReads reads, CancellationToken cancellationToken) =>
        await reads.ReportAsync(instanceId, file, cancellationToken) is { } report
            ? TypedResults.Stream(report.Content, report.ContentType)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such report", detail: "Reports are report.html or report.md under a rollout's instance id.");
}
