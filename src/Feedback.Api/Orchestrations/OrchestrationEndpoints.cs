// Over 300 lines on purpose: the Durable Functions-compatible route set (start, status, list, events,
// terminate, purge) with its shared validation and ProblemDetails mapping, kept together so the contract is one file.
using System.Text.Json;
using Feedback.Api.Http;
using Feedback.Pipeline;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Feedback.Api.Orchestrations;

/// <summary>
/// The orchestration routes, with the routes and payloads of Durable Functions so the same clients work
/// against both runtimes: start, status, list, raise event, terminate, purge. The self-hosted runtime maps
/// all of them (<see cref="ApiEndpoints"/>); a Functions app hosts start and list, and its Durable extension
/// serves the management routes with the same contract.
/// </summary>
public static class OrchestrationEndpoints
{
    private static readonly string[] TerminalStatuses = ["Completed", "Failed", "Terminated"];

    /// <summary>
    /// <c>POST /api/orchestrators/{name}/{instanceId?}</c> with an optional JSON body: starts an orchestration
    /// and answers 202 with the management URLs; 404 for an unknown name, 400 for an invalid instance id,
    /// malformed JSON or an input the orchestration cannot read, 413 over the size limit, 409 when the
    /// instance id is already running (ProblemDetails). Nothing starts unless the answer is 202.
    /// </summary>
    /// <param name="name">The orchestration name (as registered, case-insensitive).</param>
    /// <param name="instanceId">An optional instance id.</param>
    /// <param name="request">The request.</param>
    /// <param name="client">The durable client.</param>
    /// <param name="options">The HTTP options (body limit).</param>
    /// <param name="links">Builds the management URLs of the runtime serving the request.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public static async Task<Results<Accepted<CheckStatusResponse>, ProblemHttpResult>> StartAsync(
        string name,
        string? instanceId,
        HttpRequest request,
        DurableTaskClient client,
        ApiOptions options,
        StatusLinks links,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(links);
        if (!PipelineTasks.TryGetOrchestrationName(name, out string orchestration))
        {
            return NotFound("Unknown orchestration", $"There is no orchestration named '{name}'. Known: {string.Join(", ", PipelineTasks.OrchestrationNames.Order(StringComparer.Ordinal))}.");
        }

        if (instanceId is not null && !OrchestrationInputs.IsValidInstanceId(instanceId))
        {
            return BadRequest("Invalid instance id", OrchestrationInputs.InstanceIdRule);
        }

        (JsonElement? input, ProblemHttpResult? problem) = await ReadJsonBodyAsync(request, options.MaxPayloadBytes, cancellationToken);
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

        CheckStatusResponse body = links(id);
        return TypedResults.Accepted(body.StatusQueryGetUri, body);
    }

    /// <summary><c>GET …/instances/{instanceId}</c>: 200 with the status of a finished instance, 202 while it runs, 404 when there is none.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="request">The request.</param>
    /// <param name="client">The durable client.</param>
    /// <param name="showInput">Whether to include the input (default true).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public static async Task<Results<Ok<InstanceStatusResponse>, Accepted<InstanceStatusResponse>, ProblemHttpResult>> GetStatusAsync(
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

    /// <summary>
    /// <c>GET …/instances</c>: one page of instances, newest filters as in Durable Functions
    /// (<c>runtimeStatus</c>, <c>createdTimeFrom</c>, <c>createdTimeTo</c>, <c>instanceIdPrefix</c>, <c>top</c> 1–1000,
    /// <c>showInput</c>); the next page's token in the <c>x-ms-continuation-token</c> header. 400 for an unknown status or page size.
    /// </summary>
    /// <param name="response">The response (for the continuation header).</param>
    /// <param name="client">The durable client.</param>
    /// <param name="runtimeStatus">Comma-separated runtime statuses.</param>
    /// <param name="createdTimeFrom">Created at or after.</param>
    /// <param name="createdTimeTo">Created at or before.</param>
    /// <param name="instanceIdPrefix">An instance id prefix.</param>
    /// <param name="top">The page size (default 100).</param>
    /// <param name="showInput">Whether to include inputs.</param>
    /// <param name="continuationToken">The token of the page to read.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public static async Task<Results<Ok<List<InstanceStatusResponse>>, ProblemHttpResult>> ListAsync(
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
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(client);
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

    /// <summary><see cref="GetStatusAsync"/> with <c>showInput</c> read from the query, for a host without minimal-API binding (the Functions app).</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="request">The request.</param>
    /// <param name="client">The durable client.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public static async Task<Results<Ok<InstanceStatusResponse>, Accepted<InstanceStatusResponse>, ProblemHttpResult>> GetStatusFromQueryAsync(
        string instanceId, HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!TryReadShowInput(request.Query, out bool? showInput))
        {
            return BadRequest("Invalid showInput", "showInput is true or false.");
        }

        return await GetStatusAsync(instanceId, request, client, showInput, cancellationToken);
    }

    /// <summary>
    /// <see cref="ListAsync"/> with its arguments read from the request's query and headers, for a host without
    /// minimal-API binding (the Functions app). A value that does not parse is a 400 ProblemDetails naming it.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="client">The durable client.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public static async Task<Results<Ok<List<InstanceStatusResponse>>, ProblemHttpResult>> ListFromQueryAsync(
        HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        IQueryCollection q = request.Query;
        DateTimeOffset? from = null, to = null;
        int? top = null;
        bool? showInput;
        if (q.TryGetValue("createdTimeFrom", out var f) && !TryParse(f, out from)
            || q.TryGetValue("createdTimeTo", out var t) && !TryParse(t, out to))
        {
            return BadRequest("Invalid time", "createdTimeFrom and createdTimeTo are ISO 8601 times.");
        }

        if (q.TryGetValue("top", out var topValue))
        {
            if (!int.TryParse(topValue, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int parsed))
            {
                return BadRequest("Invalid page size", "top must be between 1 and 1000.");
            }

            top = parsed;
        }

        if (!TryReadShowInput(q, out showInput))
        {
            return BadRequest("Invalid showInput", "showInput is true or false.");
        }

        string? continuation = request.Headers["x-ms-continuation-token"].FirstOrDefault();
        return await ListAsync(request.HttpContext.Response, client, q["runtimeStatus"].FirstOrDefault(), from, to, q["instanceIdPrefix"].FirstOrDefault(), top, showInput, continuation, cancellationToken);

        static bool TryParse(Microsoft.Extensions.Primitives.StringValues value, out DateTimeOffset? time)
        {
            bool ok = DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out DateTimeOffset parsed);
            time = ok ? parsed : null;
            return ok;
        }
    }

    /// <summary><c>POST …/instances/{instanceId}/raiseEvent/{eventName}</c>: 202; 404 for no instance, 410 for a finished one.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="eventName">The event.</param>
    /// <param name="request">The request (the JSON payload).</param>
    /// <param name="client">The durable client.</param>
    /// <param name="options">The HTTP options (body limit).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public static async Task<Results<Accepted, ProblemHttpResult>> RaiseEventAsync(
        string instanceId,
        string eventName,
        HttpRequest request,
        DurableTaskClient client,
        ApiOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        (JsonElement? payload, ProblemHttpResult? problem) = await ReadJsonBodyAsync(request, options.MaxPayloadBytes, cancellationToken);
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

    /// <summary><c>POST …/instances/{instanceId}/terminate</c>: 202; 404 for no instance, 410 for a finished one.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="reason">Why (recorded as the output).</param>
    /// <param name="client">The durable client.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public static async Task<Results<Accepted, ProblemHttpResult>> TerminateAsync(
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

    /// <summary><c>DELETE …/instances/{instanceId}</c>: purges a finished instance's history; 404 for none, 409 while it runs.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="client">The durable client.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public static async Task<Results<Ok<PurgeResponse>, ProblemHttpResult>> PurgeAsync(
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

    private static bool TryReadShowInput(IQueryCollection query, out bool? showInput)
    {
        showInput = null;
        if (!query.TryGetValue("showInput", out var given))
        {
            return true;
        }

        if (!bool.TryParse(given, out bool parsed))
        {
            return false;
        }

        showInput = parsed;
        return true;
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
