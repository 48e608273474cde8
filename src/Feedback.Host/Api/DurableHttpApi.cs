// Over 300 lines on purpose: the Durable Functions-compatible route set (start, status, list, events,
// terminate, purge) with its shared validation and ProblemDetails mapping, kept together so the contract is one file.
using System.Text.Json;
using Feedback.Pipeline;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Feedback.Host.Api;

/// <summary>
/// The HTTP API of the self-hosted runtime, with the routes and payloads of Durable Functions so the
/// same clients work against both: start, status, list, raise event, terminate, purge, health.
/// </summary>
public static class DurableHttpApi
{
    /// <summary>The base of the instance management routes, as in Durable Functions.</summary>
    public const string WebhookBase = "/runtime/webhooks/durabletask";

    private static readonly string[] TerminalStatuses = ["Completed", "Failed", "Terminated"];

    /// <summary>Maps the routes.</summary>
    /// <param name="app">The endpoint builder.</param>
    public static IEndpointRouteBuilder MapDurableHttpApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);

        app.MapPost("/api/orchestrators/{name}/{instanceId?}", StartAsync)
            .AddEndpointFilter<ApiKeyFilter>()
            .WithName("StartOrchestration");

        RouteGroupBuilder instances = app.MapGroup($"{WebhookBase}/instances");
        instances.MapGet("/", ListAsync).WithName("ListInstances");
        instances.MapGet("/{instanceId}", GetStatusAsync).WithName("GetInstanceStatus");
        instances.MapPost("/{instanceId}/raiseEvent/{eventName}", RaiseEventAsync).AddEndpointFilter<ApiKeyFilter>();
        instances.MapPost("/{instanceId}/terminate", TerminateAsync).AddEndpointFilter<ApiKeyFilter>();
        instances.MapDelete("/{instanceId}", PurgeAsync).AddEndpointFilter<ApiKeyFilter>();
        return app;
    }

    private static async Task<Results<Accepted<CheckStatusResponse>, ProblemHttpResult>> StartAsync(
        string name,
        string? instanceId,
        HttpRequest request,
        DurableTaskClient client,
        IOptions<ApiOptions> options,
        CancellationToken cancellationToken)
    {
        if (!PipelineTasks.TryGetOrchestrationName(name, out string orchestration))
        {
            return NotFound("Unknown orchestration", $"There is no orchestration named '{name}'. Known: {string.Join(", ", PipelineTasks.OrchestrationNames.Order(StringComparer.Ordinal))}.");
        }

        if (instanceId is not null && !OrchestrationInputs.IsValidInstanceId(instanceId))
        {
            return BadRequest("Invalid instance id", OrchestrationInputs.InstanceIdRule);
        }

        (JsonElement? input, ProblemHttpResult? problem) = await ReadJsonBodyAsync(request, options.Value.MaxPayloadBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (OrchestrationInputs.Problem(orchestration, input) is { } unreadable)
        {
            return BadRequest("Input does not fit the orchestration", unreadable);
        }

        if (instanceId is not null)
        {
            OrchestrationMetadata? existing = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
            if (existing is not null && !existing.IsCompleted)
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status409Conflict,
                    title: "Instance already running",
                    detail: $"An instance with id '{instanceId}' is {existing.RuntimeStatus}.");
            }
        }

        string id = await client.ScheduleNewOrchestrationInstanceAsync(
            new TaskName(orchestration),
            input,
            instanceId is null ? null : new StartOrchestrationOptions(instanceId),
            cancellationToken);

        CheckStatusResponse body = CheckStatus(request, id);
        return TypedResults.Accepted(body.StatusQueryGetUri, body);
    }

    private static async Task<Results<Ok<InstanceStatusResponse>, Accepted<InstanceStatusResponse>, ProblemHttpResult>> GetStatusAsync(
        string instanceId,
        HttpRequest request,
        DurableTaskClient client,
        bool? showInput,
        CancellationToken cancellationToken)
    {
        OrchestrationMetadata? metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (metadata is null)
        {
            return NotFound("Instance not found", $"There is no orchestration instance '{instanceId}'.");
        }

        InstanceStatusResponse status = ToStatus(metadata, showInput ?? true);
        return TerminalStatuses.Contains(status.RuntimeStatus, StringComparer.Ordinal)
            ? TypedResults.Ok(status)
            : TypedResults.Accepted(request.GetEncodedUrl(), status);
    }

    private static async Task<Results<Ok<List<InstanceStatusResponse>>, ProblemHttpResult>> ListAsync(
        HttpResponse response,
        DurableTaskClient client,
        string? runtimeStatus,
        DateTimeOffset? createdTimeFrom,
        DateTimeOffset? createdTimeTo,
        string? instanceIdPrefix,
        int? top,
        bool? showInput,
        [Microsoft.AspNetCore.Mvc.FromHeader(Name = "x-ms-continuation-token")] string? continuationToken,
        CancellationToken cancellationToken)
    {
        List<OrchestrationRuntimeStatus>? statuses = null;
        if (!string.IsNullOrWhiteSpace(runtimeStatus))
        {
            statuses = [];
            foreach (string s in runtimeStatus.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Enum.TryParse(s, ignoreCase: true, out OrchestrationRuntimeStatus parsed) || !Enum.IsDefined(parsed))
                {
                    return BadRequest("Unknown runtime status", $"'{s}' is not a runtime status. Use Pending, Running, Completed, ContinuedAsNew, Failed, Terminated or Suspended.");
                }

                statuses.Add(parsed);
            }
        }

        if (top is < 1 or > 1000)
        {
            return BadRequest("Invalid page size", "top must be between 1 and 1000.");
        }

        var query = new OrchestrationQuery
        {
            CreatedFrom = createdTimeFrom,
            CreatedTo = createdTimeTo,
            Statuses = statuses,
            InstanceIdPrefix = instanceIdPrefix,
            PageSize = top ?? 100,
            FetchInputsAndOutputs = showInput ?? false,
            ContinuationToken = continuationToken,
        };

        await foreach (Page<OrchestrationMetadata> page in client.GetAllInstancesAsync(query).AsPages(continuationToken, query.PageSize).WithCancellation(cancellationToken))
        {
            if (!string.IsNullOrEmpty(page.ContinuationToken))
            {
                response.Headers["x-ms-continuation-token"] = page.ContinuationToken;
            }

            return TypedResults.Ok(page.Values.Select(m => ToStatus(m, showInput ?? false)).ToList());
        }

        return TypedResults.Ok(new List<InstanceStatusResponse>());
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> RaiseEventAsync(
        string instanceId,
        string eventName,
        HttpRequest request,
        DurableTaskClient client,
        IOptions<ApiOptions> options,
        CancellationToken cancellationToken)
    {
        (JsonElement? payload, ProblemHttpResult? problem) = await ReadJsonBodyAsync(request, options.Value.MaxPayloadBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        ProblemHttpResult? state = await CheckRunningAsync(client, instanceId, cancellationToken);
        if (state is not null)
        {
            return state;
        }

        await client.RaiseEventAsync(instanceId, eventName, payload, cancellationToken);
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> TerminateAsync(
        string instanceId,
        string? reason,
        DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ProblemHttpResult? state = await CheckRunningAsync(client, instanceId, cancellationToken);
        if (state is not null)
        {
            return state;
        }

        await client.TerminateInstanceAsync(instanceId, new TerminateInstanceOptions { Output = reason }, cancellationToken);
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<Results<Ok<PurgeResponse>, ProblemHttpResult>> PurgeAsync(
        string instanceId,
        DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        OrchestrationMetadata? metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
        if (metadata is null)
        {
            return NotFound("Instance not found", $"There is no orchestration instance '{instanceId}'.");
        }

        if (!metadata.IsCompleted)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Instance still running",
                detail: $"Instance '{instanceId}' is {metadata.RuntimeStatus}; terminate it before purging its history.");
        }

        PurgeResult result = await client.PurgeInstanceAsync(instanceId, cancellation: cancellationToken);
        return TypedResults.Ok(new PurgeResponse(result.PurgedInstanceCount));
    }

    private static async Task<ProblemHttpResult?> CheckRunningAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        OrchestrationMetadata? metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
        if (metadata is null)
        {
            return NotFound("Instance not found", $"There is no orchestration instance '{instanceId}'.");
        }

        return metadata.IsCompleted
            ? TypedResults.Problem(
                statusCode: StatusCodes.Status410Gone,
                title: "Instance already finished",
                detail: $"Instance '{instanceId}' is {metadata.RuntimeStatus}.")
            : null;
    }

    private static async Task<(JsonElement? Body, ProblemHttpResult? Problem)> ReadJsonBodyAsync(
        HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        (byte[]? body, ProblemHttpResult? tooLarge) = await RequestBody.ReadAsync(request, maxBytes, cancellationToken);
        if (tooLarge is not null)
        {
            return (null, tooLarge);
        }

        if (body!.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
        {
            return (null, null);
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException e)
        {
            return (null, BadRequest("Malformed JSON", $"The body is not valid JSON: {e.Message}"));
        }
    }

    private static CheckStatusResponse CheckStatus(HttpRequest request, string id)
    {
        string root = $"{request.Scheme}://{request.Host}{request.PathBase}{WebhookBase}/instances/{Uri.EscapeDataString(id)}";
        return new CheckStatusResponse(
            id,
            new Uri(root),
            new Uri($"{root}/raiseEvent/{{eventName}}"),
            new Uri($"{root}/terminate?reason={{text}}"),
            new Uri(root));
    }

    private static InstanceStatusResponse ToStatus(OrchestrationMetadata m, bool showInput)
    {
        JsonElement? output = m.RuntimeStatus == OrchestrationRuntimeStatus.Failed && m.FailureDetails is not null
            ? JsonSerializer.SerializeToElement(new { errorType = m.FailureDetails.ErrorType, errorMessage = m.FailureDetails.ErrorMessage })
            : ParseJson(m.SerializedOutput);
        return new InstanceStatusResponse(
            m.Name,
            m.InstanceId,
            m.RuntimeStatus.ToString(),
            showInput ? ParseJson(m.SerializedInput) : null,
            ParseJson(m.SerializedCustomStatus),
            output,
            m.CreatedAt,
            m.LastUpdatedAt);
    }

    private static JsonElement? ParseJson(string? serialized)
    {
        if (string.IsNullOrEmpty(serialized))
        {
            return null;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(serialized);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(serialized);
        }
    }

    private static ProblemHttpResult NotFound(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: title, detail: detail);

    private static ProblemHttpResult BadRequest(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: title, detail: detail);
}
