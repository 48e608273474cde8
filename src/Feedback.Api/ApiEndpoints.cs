using Feedback.Api.Http;
using Feedback.Api.Intake;
using Feedback.Api.Orchestrations;
using Feedback.Api.Reads;
using Feedback.Pipeline.Intake;
using Feedback.Pipeline.Structuring;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Feedback.Api;

/// <summary>
/// Maps the product's HTTP surface on an ASP.NET Core host (the self-hosted runtime). A Functions app declares
/// one HTTP function per route instead, each calling the same endpoint method with the same arguments.
/// </summary>
public static class ApiEndpoints
{
    /// <summary>Maps every route: <c>/api/…</c>, the Durable management routes, <c>/dashboard</c> and <c>/</c>.</summary>
    /// <param name="app">The endpoint builder.</param>
    public static IEndpointRouteBuilder MapFeedbackHttpApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        RouteGroupBuilder api = app.MapGroup(ApiRoutes.Api).WithTags("feedback");

        api.MapPost(ApiRoutes.StartOrchestration, (string name, string? instanceId, HttpRequest request, DurableTaskClient client, IOptions<ApiOptions> options, CancellationToken cancellationToken) =>
                OrchestrationEndpoints.StartAsync(name, instanceId, request, client, options.Value, id => CheckStatusResponse.ForRequest(request, id), cancellationToken))
            .AddEndpointFilter<ApiKeyFilter>()
            .WithName("StartOrchestration")
            .WithSummary("Start an orchestration; 202 with the management URLs.");
        api.MapGet(ApiRoutes.Instances, OrchestrationEndpoints.ListAsync)
            .WithName("ListProductInstances")
            .WithSummary("One page of orchestration instances (the dashboard's list; the same answer as the management list route).");
        api.MapGet(ApiRoutes.Instance, OrchestrationEndpoints.GetStatusAsync)
            .WithName("GetProductInstanceStatus")
            .WithSummary("One instance's status: 200 when finished, 202 while it runs (the same answer as the management status route).");
        api.MapPost(ApiRoutes.RaiseEvent, (string instanceId, string eventName, HttpRequest request, DurableTaskClient client, IOptions<ApiOptions> options, CancellationToken cancellationToken) =>
                OrchestrationEndpoints.RaiseEventAsync(instanceId, eventName, request, client, options.Value, cancellationToken))
            .AddEndpointFilter<ApiKeyFilter>()
            .WithName("RaiseProductEvent")
            .WithSummary("Raise an event on a running instance, for example a rollout's approval.");

        api.MapPost(ApiRoutes.Feedback, (HttpRequest request, FeedbackIntake intake, IOptions<ApiOptions> options, CancellationToken cancellationToken) =>
                IntakeEndpoint.PostAsync(request, intake, options.Value, cancellationToken))
            .AddEndpointFilter<ApiKeyFilter>()
            .WithName("PostFeedback")
            .WithSummary("Send player feedback (one item or an array) to the API source; the next data update ingests it.");
        api.MapPost(ApiRoutes.Structure, (HttpRequest request, IServiceProvider services, IOptions<StructuringOptions> structuring, IOptions<ApiOptions> options, CancellationToken cancellationToken) =>
                StructuringEndpoint.PostAsync(request, services, structuring.Value, options.Value, cancellationToken))
            .AddEndpointFilter<ApiKeyFilter>()
            .WithName("StructureFeedback")
            .WithSummary("Structure feedback text into ViGGO meaning representations with the champion model.")
            .Accepts<StructureRequestBody>("application/json");

        api.MapGet(ApiRoutes.Models, ReadEndpoints.ModelsAsync).WithName("GetModelRegistry").WithSummary("The model registry: champion, challenger, every model and the promotion history.");
        api.MapGet(ApiRoutes.LatestDataset, ReadEndpoints.LatestDatasetAsync).WithName("GetLatestDataset").WithSummary("The current dataset version's manifest and structuring summary.");
        api.MapGet(ApiRoutes.LatestReport, ReadEndpoints.LatestReportAsync).WithName("GetLatestReport").WithSummary("Where the newest rollout report is.");
        api.MapGet(ApiRoutes.Report, ReadEndpoints.ReportAsync).WithName("GetReport").WithSummary("A rollout report: report.html or report.md.");
        api.MapGet(ApiRoutes.Health, HealthEndpoint.GetAsync).WithName("GetHealth").WithSummary("Healthy when the durable backend answers; 503 otherwise.");
        api.MapGet(ApiRoutes.Dashboard, DashboardEndpoint.Page).ExcludeFromDescription();
        api.MapGet(ApiRoutes.OpenApi, OpenApiEndpoint.Document).ExcludeFromDescription();

        RouteGroupBuilder instances = app.MapGroup($"{ApiRoutes.DurableWebhooks}/instances").WithTags("durable");
        instances.MapGet("/", OrchestrationEndpoints.ListAsync).WithName("ListInstances");
        instances.MapGet("/{instanceId}", OrchestrationEndpoints.GetStatusAsync).WithName("GetInstanceStatus");
        instances.MapPost("/{instanceId}/raiseEvent/{eventName}", (string instanceId, string eventName, HttpRequest request, DurableTaskClient client, IOptions<ApiOptions> options, CancellationToken cancellationToken) =>
                OrchestrationEndpoints.RaiseEventAsync(instanceId, eventName, request, client, options.Value, cancellationToken))
            .AddEndpointFilter<ApiKeyFilter>();
        instances.MapPost("/{instanceId}/terminate", OrchestrationEndpoints.TerminateAsync).AddEndpointFilter<ApiKeyFilter>();
        instances.MapDelete("/{instanceId}", OrchestrationEndpoints.PurgeAsync).AddEndpointFilter<ApiKeyFilter>();

        app.MapGet("/dashboard", DashboardEndpoint.Page).ExcludeFromDescription();
        app.MapGet("/", () => TypedResults.Redirect("/dashboard")).ExcludeFromDescription();
        return app;
    }
}
