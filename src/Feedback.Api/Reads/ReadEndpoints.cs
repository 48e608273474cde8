using Feedback.Pipeline.ModelUpdate;
using Feedback.Pipeline.Reading;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Feedback.Api.Reads;

/// <summary>
/// The read routes the dashboard and <c>feedback models</c> call: the model registry, the current dataset
/// version and the rollout reports, answered by <see cref="FeedbackReads"/>.
/// </summary>
public static class ReadEndpoints
{
    /// <summary><c>GET /api/models</c>: the model registry.</summary>
    /// <param name="reads">The read side.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public static async Task<Ok<ModelRegistryDocument>> ModelsAsync(FeedbackReads reads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reads);
        return TypedResults.Ok(await reads.ModelsAsync(cancellationToken));
    }

    /// <summary><c>GET /api/datasets/latest</c>: the current dataset version's manifest and structuring summary; 404 before the first.</summary>
    /// <param name="reads">The read side.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public static async Task<Results<Ok<DatasetSummary>, ProblemHttpResult>> LatestDatasetAsync(FeedbackReads reads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reads);
        return await reads.LatestDatasetAsync(cancellationToken) is { } summary
            ? TypedResults.Ok(summary)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No dataset version yet", detail: "No data update has made a dataset version yet.");
    }

    /// <summary><c>GET /api/reports/latest</c>: where the newest rollout report is; 404 before the first.</summary>
    /// <param name="reads">The read side.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public static async Task<Results<Ok<ReportLink>, ProblemHttpResult>> LatestReportAsync(FeedbackReads reads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reads);
        return await reads.LatestReportAsync(ApiRoutes.ReportsBase, cancellationToken) is { } link
            ? TypedResults.Ok(link)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No report yet", detail: "No rollout has written a report yet.");
    }

    /// <summary><c>GET /api/reports/{instanceId}/{file}</c>: a rollout report, <c>report.html</c> or <c>report.md</c>; 404 for anything else.</summary>
    /// <param name="instanceId">The rollout's instance id.</param>
    /// <param name="file">The file.</param>
    /// <param name="reads">The read side.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> ReportAsync(string instanceId, string file, FeedbackReads reads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reads);
        return await reads.ReportAsync(instanceId, file, cancellationToken) is { } report
            ? TypedResults.Stream(report.Content, report.ContentType)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such report", detail: "Reports are report.html or report.md under a rollout's instance id.");
    }
}
