using System.Net;
using Feedback.Pipeline.Reading;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;

namespace Feedback.Functions;

/// <summary>
/// The read routes of the Functions app, the same as the self-hosted runtime's and answered by the same service
/// (<see cref="FeedbackReads"/>), so <c>feedback models</c> works against either: <c>GET /api/models</c>,
/// <c>/api/datasets/latest</c>, <c>/api/reports/latest</c>, <c>/api/reports/{instanceId}/{file}</c>, and
/// <c>/api/health</c>. They take the function key (<c>x-functions-key</c> or <c>?code=</c>), as the portal's keys do.
/// </summary>
/// <param name="reads">The read side.</param>
public sealed class ReadFunctions(FeedbackReads reads)
{
    /// <summary><c>GET /api/models</c>: the model registry.</summary>
    /// <param name="request">The request.</param>
    [Function(nameof(GetModels))]
    public async Task<HttpResponseData> GetModels([HttpTrigger(AuthorizationLevel.Function, "get", Route = "models")] HttpRequestData request) =>
        await FunctionsResponses.JsonAsync(request, HttpStatusCode.OK, await reads.ModelsAsync());

    /// <summary><c>GET /api/datasets/latest</c>: the current dataset version's manifest and structuring summary.</summary>
    /// <param name="request">The request.</param>
    [Function(nameof(GetLatestDataset))]
    public async Task<HttpResponseData> GetLatestDataset([HttpTrigger(AuthorizationLevel.Function, "get", Route = "datasets/latest")] HttpRequestData request) =>
        await reads.LatestDatasetAsync() is { } summary
            ? await FunctionsResponses.JsonAsync(request, HttpStatusCode.OK, summary)
            : await FunctionsResponses.ProblemAsync(request, HttpStatusCode.NotFound, "No dataset version yet", "No data update has made a dataset version yet.");

    /// <summary><c>GET /api/reports/latest</c>: where the newest rollout report is.</summary>
    /// <param name="request">The request.</param>
    [Function(nameof(GetLatestReport))]
    public async Task<HttpResponseData> GetLatestReport([HttpTrigger(AuthorizationLevel.Function, "get", Route = "reports/latest")] HttpRequestData request) =>
        await reads.LatestReportAsync("/api/reports") is { } link
            ? await FunctionsResponses.JsonAsync(request, HttpStatusCode.OK, link)
            : await FunctionsResponses.ProblemAsync(request, HttpStatusCode.NotFound, "No report yet", "No rollout has written a report yet.");

    /// <summary><c>GET /api/reports/{instanceId}/{file}</c>: a rollout report, <c>report.html</c> or <c>report.md</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="instanceId">The rollout's instance id.</param>
    /// <param name="file">The file.</param>
    [Function(nameof(GetReport))]
    public async Task<HttpResponseData> GetReport(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "reports/{instanceId}/{file}")] HttpRequestData request, string instanceId, string file)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await reads.ReportAsync(instanceId, file) is not { } report)
        {
            return await FunctionsResponses.ProblemAsync(request, HttpStatusCode.NotFound, "No such report", "Reports are report.html or report.md under a rollout's instance id.");
        }

        await using Stream content = report.Content;
        HttpResponseData response = request.CreateResponse(HttpStatusCode.OK);
        response.Headers.Add("Content-Type", report.ContentType);
        await content.CopyToAsync(response.Body);
        return response;
    }

    /// <summary><c>GET /api/health</c>: healthy when the durable backend answers (503 otherwise).</summary>
    /// <param name="request">The request.</param>
    /// <param name="client">The durable client.</param>
    [Function(nameof(GetHealth))]
    public async Task<HttpResponseData> GetHealth(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "health")] HttpRequestData request, [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await client.GetInstanceAsync("health-probe", getInputsAndOutputs: false, timeout.Token);
            return await FunctionsResponses.JsonAsync(request, HttpStatusCode.OK, new { status = "Healthy" });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return await FunctionsResponses.JsonAsync(request, HttpStatusCode.ServiceUnavailable, new { status = "Unhealthy", reason = $"The durable backend does not answer: {e.GetType().Name}." });
        }
    }
}
