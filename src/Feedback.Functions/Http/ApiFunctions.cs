using Feedback.Api;
using Feedback.Api.Http;
using Feedback.Api.Intake;
using Feedback.Api.Orchestrations;
using Feedback.Api.Reads;
using Feedback.Pipeline.Intake;
using Feedback.Pipeline.Reading;
using Feedback.Pipeline.Structuring;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Http;

/// <summary>
/// The product's HTTP surface in the Functions app: one function per route of <see cref="ApiRoutes"/>, each calling the
/// endpoint the self-hosted runtime maps, with the same arguments (<see cref="ApiEndpoints"/>). The Functions host adds
/// the <c>/api</c> prefix and checks the function key (<c>x-functions-key</c> or <c>?code=</c>) on every route; its
/// Durable extension serves the management routes (status, events, terminate, purge) with the same contract.
/// </summary>
/// <param name="options">The HTTP options (body limit).</param>
/// <param name="structuring">The structuring options (batch limit).</param>
/// <param name="services">The services (intake, reads, the model endpoint when a model platform is configured).</param>
public sealed class ApiFunctions(IOptions<ApiOptions> options, IOptions<StructuringOptions> structuring, IServiceProvider services)
{
    /// <summary><c>POST /api/orchestrators/{name}/{instanceId?}</c>: see <see cref="OrchestrationEndpoints.StartAsync"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="client">The durable client.</param>
    /// <param name="name">The orchestration.</param>
    /// <param name="instanceId">An optional instance id.</param>
    [Function(nameof(StartOrchestration))]
    public async Task<IActionResult> StartOrchestration(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.StartOrchestration)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string name,
        string? instanceId)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ResultAction(await OrchestrationEndpoints.StartAsync(
            name, instanceId, request, client, options.Value, FunctionsStatusLinks.For(client, request), request.HttpContext.RequestAborted));
    }

    /// <summary><c>GET /api/instances</c>: see <see cref="OrchestrationEndpoints.ListFromQueryAsync"/>.</summary>
    /// <param name="request">The request (its query holds the filters).</param>
    /// <param name="client">The durable client.</param>
    [Function(nameof(ListInstances))]
    public async Task<IActionResult> ListInstances(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Instances)] HttpRequest request,
        [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ResultAction(await OrchestrationEndpoints.ListFromQueryAsync(request, client, request.HttpContext.RequestAborted));
    }

    /// <summary><c>GET /api/instances/{instanceId}</c>: see <see cref="OrchestrationEndpoints.GetStatusFromQueryAsync"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="client">The durable client.</param>
    /// <param name="instanceId">The instance.</param>
    [Function(nameof(GetInstance))]
    public async Task<IActionResult> GetInstance(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Instance)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string instanceId)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ResultAction(await OrchestrationEndpoints.GetStatusFromQueryAsync(instanceId, request, client, request.HttpContext.RequestAborted));
    }

    /// <summary><c>POST /api/instances/{instanceId}/raiseEvent/{eventName}</c>: see <see cref="OrchestrationEndpoints.RaiseEventAsync"/>.</summary>
    /// <param name="request">The request (the event's JSON payload).</param>
    /// <param name="client">The durable client.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="eventName">The event.</param>
    [Function(nameof(RaiseEvent))]
    public async Task<IActionResult> RaiseEvent(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.RaiseEvent)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string instanceId,
        string eventName)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ResultAction(await OrchestrationEndpoints.RaiseEventAsync(instanceId, eventName, request, client, options.Value, request.HttpContext.RequestAborted));
    }

    /// <summary><c>POST /api/feedback</c>: see <see cref="IntakeEndpoint"/>.</summary>
    /// <param name="request">The request.</param>
    [Function(nameof(PostFeedback))]
    public async Task<IActionResult> PostFeedback([HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.Feedback)] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ResultAction(await IntakeEndpoint.PostAsync(
            request, services.GetRequiredService<FeedbackIntake>(), options.Value, request.HttpContext.RequestAborted));
    }

    /// <summary><c>POST /api/feedback/structure</c>: see <see cref="StructuringEndpoint"/>.</summary>
    /// <param name="request">The request.</param>
    [Function(nameof(StructureFeedback))]
    public async Task<IActionResult> StructureFeedback([HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.Structure)] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ResultAction(await StructuringEndpoint.PostAsync(request, services, structuring.Value, options.Value, request.HttpContext.RequestAborted));
    }

    /// <summary><c>GET /api/models</c>: the model registry.</summary>
    /// <param name="request">The request.</param>
    [Function(nameof(GetModels))]
    public async Task<IActionResult> GetModels([HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Models)] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ResultAction(await ReadEndpoints.ModelsAsync(Reads, request.HttpContext.RequestAborted));
    }

    /// <summary><c>GET /api/datasets/latest</c>: the current dataset version.</summary>
    /// <param name="request">The request.</param>
    [Function(nameof(GetLatestDataset))]
    public async Task<IActionResult> GetLatestDataset([HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.LatestDataset)] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ResultAction(await ReadEndpoints.LatestDatasetAsync(Reads, request.HttpContext.RequestAborted));
    }

    /// <summary><c>GET /api/reports/latest</c>: where the newest rollout report is.</summary>
    /// <param name="request">The request.</param>
    [Function(nameof(GetLatestReport))]
    public async Task<IActionResult> GetLatestReport([HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.LatestReport)] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ResultAction(await ReadEndpoints.LatestReportAsync(Reads, request.HttpContext.RequestAborted));
    }

    /// <summary><c>GET /api/reports/{instanceId}/{file}</c>: a rollout report.</summary>
    /// <param name="request">The request.</param>
    /// <param name="instanceId">The rollout's instance id.</param>
    /// <param name="file">The file.</param>
    [Function(nameof(GetReport))]
    public async Task<IActionResult> GetReport(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Report)] HttpRequest request, string instanceId, string file)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ResultAction(await ReadEndpoints.ReportAsync(instanceId, file, Reads, request.HttpContext.RequestAborted));
    }

    /// <summary><c>GET /api/health</c>: healthy when the durable backend answers (503 otherwise).</summary>
    /// <param name="request">The request.</param>
    [Function(nameof(GetHealth))]
    public async Task<IActionResult> GetHealth([HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Health)] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ResultAction(await HealthEndpoint.GetAsync(services.GetRequiredService<HealthCheckService>(), request.HttpContext.RequestAborted));
    }

    /// <summary><c>GET /api/dashboard?code=…</c>: the dashboard page.</summary>
    /// <param name="request">The request.</param>
    [Function(nameof(GetDashboard))]
    public IActionResult GetDashboard([HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Dashboard)] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ResultAction(DashboardEndpoint.Page(request.HttpContext.Response));
    }

    /// <summary><c>GET /api/openapi.json</c>: the OpenAPI document of the product's routes.</summary>
    /// <param name="request">The request.</param>
    [Function(nameof(GetOpenApiDocument))]
    public IActionResult GetOpenApiDocument([HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.OpenApi)] HttpRequest request) =>
        new ResultAction(OpenApiEndpoint.Document());

    private FeedbackReads Reads => services.GetRequiredService<FeedbackReads>();
}
