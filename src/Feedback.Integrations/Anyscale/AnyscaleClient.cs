// Over 300 lines on purpose: one typed client for the platform's job and service routes, sharing the envelope
// handling, error mapping and state mapping that docs/real-services.md cites line by line.
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Feedback.Pipeline.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Feedback.Integrations.Anyscale;

/// <summary>
/// The Anyscale REST client, speaking the platform's real routes and shapes (docs/real-services.md): jobs are created
/// with <c>POST /api/v2/decorated_ha_jobs/create</c>, found by listing and matching the exact name, read and terminated
/// on <c>/ext/v0/production_jobs/{id}</c>; services are applied with <c>PUT /api/v2/services-v2/apply</c>, found by
/// listing (the platform's name filter is a case-insensitive substring) and matching the exact name and project, and
/// rolled back with <c>POST /api/v2/services-v2/{id}/rollback</c>. Single results come as <c>{"result": …}</c>, lists as
/// <c>{"results": […], "metadata": {"next_paging_token": …}}</c>; 202 is success.
/// Calls go through the named client <see cref="HttpClientName"/> (standard resilience: retries with jitter on
/// 429/5xx/timeouts, circuit breaker); job submission goes through <see cref="SubmitClientName"/>, which never retries a
/// POST: it is made safe by a lookup of the deterministic name before and after a failed attempt.
/// </summary>
public sealed partial class AnyscaleClient(
    IHttpClientFactory httpClientFactory,
    IOptions<AnyscaleOptions> options,
    IOptions<ServingOptions> serving,
    ILogger<AnyscaleClient> logger) : IComputePlatform
{
    /// <summary>The named HttpClient for idempotent calls.</summary>
    public const string HttpClientName = "anyscale";

    /// <summary>The named HttpClient for job submission (no retries of POST).</summary>
    public const string SubmitClientName = "anyscale-submit";

    private const int PageSize = 50;
    private const int MaxPages = 40;

    private HttpClient Http => httpClientFactory.CreateClient(HttpClientName);

    /// <inheritdoc />
    public async Task<ComputeJob> SubmitJobAsync(JobSubmission submission, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (RemoteZipProblem(submission.WorkingDirectory) is { } problem)
        {
            throw new ArgumentException(problem, nameof(submission));
        }

        if (await FindJobAsync(submission.Name, cancellationToken) is { } existing)
        {
            LogReusedJob(logger, submission.Name, existing.Id);
            return existing;
        }

        AnyscaleOptions o = options.Value;
        var runtimeEnv = new JsonObject { ["working_dir"] = submission.WorkingDirectory };
        if (submission.EnvironmentVariables.Count > 0)
        {
            var env = new JsonObject();
            foreach (var (key, value) in submission.EnvironmentVariables) env[key] = value;
            runtimeEnv["env_vars"] = env;
        }

        var body = new JsonObject { ["name"] = submission.Name };
        if (o.ProjectId is { Length: > 0 } project) body["project_id"] = project;
        body["config"] = new JsonObject
        {
            ["entrypoint"] = submission.Entrypoint,
            ["runtime_env"] = runtimeEnv,
            ["build_id"] = o.FineTuneBuildId,
            ["compute_config_id"] = o.FineTuneComputeConfigId,
            // Sent explicitly: the server's default is 5 platform-side retries.
            ["max_retries"] = submission.MaxRetries,
        };
        try
        {
            var result = await SendAsync(httpClientFactory.CreateClient(SubmitClientName), HttpMethod.Post, "api/v2/decorated_ha_jobs/create", body, "submit job", cancellationToken);
            var job = ToJob(Result(result, "submit job"));
            LogSubmittedJob(logger, submission.Name, job.Id);
            return job;
        }
        catch (AnyscaleException e) when (e.StatusCode is null or >= HttpStatusCode.InternalServerError or HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout)
        {
            // The create may have reached the platform with its answer lost: if the job exists, that is success.
            if (await FindJobAsync(submission.Name, CancellationToken.None) is { } created) return created;
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<ComputeJob?> FindJobAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var jobs = new List<ComputeJob>();
        await foreach (JsonNode item in ListAsync("api/v2/decorated_ha_jobs/", name, "find job", cancellationToken))
        {
            // Names are not unique and the filter may match more: exact name (and project), newest first.
            if ((string?)item["name"] == name && InProject(item)) jobs.Add(ToJob(item));
        }

        return jobs.OrderByDescending(j => j.CreatedAt).FirstOrDefault();
    }

    /// <inheritdoc />
    public async Task<ComputeJob> GetJobAsync(string id, CancellationToken cancellationToken = default) =>
        ToJob(Result(await SendAsync(Http, HttpMethod.Get, $"ext/v0/production_jobs/{Uri.EscapeDataString(id)}", null, "get job", cancellationToken), "get job"));

    /// <inheritdoc />
    public async Task<ComputeJob> TerminateJobAsync(string id, CancellationToken cancellationToken = default)
    {
        // Asynchronous on the platform: the job reaches TERMINATED later; the caller keeps reading its state.
        await SendAsync(Http, HttpMethod.Post, $"ext/v0/production_jobs/{Uri.EscapeDataString(id)}/terminate", new JsonObject(), "terminate job", cancellationToken);
        return await GetJobAsync(id, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<ServiceInfo> ApplyServiceAsync(ServiceSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        AnyscaleOptions o = options.Value;
        var body = new JsonObject { ["name"] = spec.Name };
        if (o.ProjectId is { Length: > 0 } project) body["project_id"] = project;
        body["version"] = spec.Model.Version;
        // Absent on create: the platform ignores a canary percent when it creates or restarts a service.
        if (spec.CanaryPercent is { } canary) body["canary_percent"] = canary;
        body["ray_serve_config"] = RayServeLlmConfig.Build(spec.Model, serving.Value);
        body["build_id"] = o.ServingBuildId;
        body["compute_config_id"] = o.ServingComputeConfigId;
        body["config"] = new JsonObject { ["access"] = new JsonObject { ["use_bearer_token"] = true } };
        body["rollout_strategy"] = "ROLLOUT";
        return ToService(Result(await SendAsync(Http, HttpMethod.Put, "api/v2/services-v2/apply", body, "apply service", cancellationToken), "apply service"));
    }

    /// <inheritdoc />
    public async Task<ServiceInfo?> FindServiceAsync(string name, CancellationToken cancellationToken = default) =>
        (await FindServiceNodeAsync(name, cancellationToken)) is { } node ? ToService(node) : null;

    /// <inheritdoc />
    public async Task<ServiceInfo> GetServiceAsync(string id, CancellationToken cancellationToken = default) =>
        ToService(Result(await SendAsync(Http, HttpMethod.Get, $"api/v2/services-v2/{Uri.EscapeDataString(id)}", null, "get service", cancellationToken), "get service"));

    /// <inheritdoc />
    public async Task<ServiceInfo> RollbackServiceAsync(string id, CancellationToken cancellationToken = default)
    {
        await SendAsync(Http, HttpMethod.Post, $"api/v2/services-v2/{Uri.EscapeDataString(id)}/rollback", new JsonObject { ["max_surge_percent"] = null }, "roll back service", cancellationToken);
        return await GetServiceAsync(id, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<ServiceInfo> TerminateServiceAsync(string id, CancellationToken cancellationToken = default)
    {
        await SendAsync(Http, HttpMethod.Post, $"api/v2/services-v2/{Uri.EscapeDataString(id)}/terminate", new JsonObject(), "terminate service", cancellationToken);
        return await GetServiceAsync(id, cancellationToken);
    }

    /// <summary>
    /// The endpoint of a live service with its bearer token. For the model-endpoint adapter only: the token is a
    /// secret and never leaves the adapters.
    /// </summary>
    public async Task<(Uri BaseUrl, string Token)?> GetServiceEndpointAsync(string name, CancellationToken cancellationToken = default) =>
        await FindServiceNodeAsync(name, cancellationToken) is { } node && (string?)node["base_url"] is { Length: > 0 } baseUrl
            ? (new Uri(baseUrl), (string?)node["auth_token"] ?? string.Empty)
            : null;

    /// <summary>
    /// Why <paramref name="workingDirectory"/> cannot be a job's <c>runtime_env.working_dir</c>, or null: the platform takes
    /// only the remote URI of a zip (s3, gs, azure, https), never a local path.
    /// </summary>
    /// <param name="workingDirectory">The value to send.</param>
    public static string? RemoteZipProblem(string? workingDirectory) =>
        !Uri.TryCreate(workingDirectory, UriKind.Absolute, out Uri? uri) || !workingDirectory.StartsWith(uri.Scheme + "://", StringComparison.OrdinalIgnoreCase)
            || uri.Scheme is not ("s3" or "gs" or "az" or "abfss" or "https" or "file")
            ? $"A job's working directory must be the remote URI of a zip (s3://…/pkg_….zip), not '{workingDirectory}': the platform refuses local paths."
            : !uri.AbsolutePath.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)
                ? $"A job's working directory must be a zip, not the folder '{workingDirectory}'."
                : null;

    /// <summary>Maps a platform service or service-version state to its meaning (docs/real-services.md).</summary>
    /// <param name="state">The platform's state name.</param>
    public static ServicePhase MapServiceState(string? state) => state switch
    {
        "STARTING" => ServicePhase.Starting,
        "RUNNING" => ServicePhase.Running,
        "UPDATING" => ServicePhase.Updating,
        "ROLLING_OUT" => ServicePhase.RollingOut,
        "ROLLING_BACK" => ServicePhase.RollingBack,
        "UNHEALTHY" => ServicePhase.Unhealthy,
        "SYSTEM_FAILURE" => ServicePhase.SystemFailure,
        "USER_ERROR_FAILURE" => ServicePhase.UserErrorFailure,
        "TERMINATING" => ServicePhase.Terminating,
        "TERMINATED" => ServicePhase.Terminated,
        _ => ServicePhase.Unknown,
    };

    /// <summary>Maps a platform job state to its meaning (docs/real-services.md); unknown states count as running.</summary>
    public static JobPhase MapJobState(string state, Action<string>? onUnknown = null) => state switch
    {
        "PENDING" or "AWAITING_CLUSTER_START" => JobPhase.Starting,
        "UPDATING" or "RUNNING" or "RESTARTING" or "CLEANING_UP" or "ERRORED" => JobPhase.Running,
        "SUCCESS" => JobPhase.Succeeded,
        "TERMINATED" or "BROKEN" or "OUT_OF_RETRIES" => JobPhase.Failed,
        _ => Unknown(state, onUnknown),
    };

    private static JobPhase Unknown(string state, Action<string>? onUnknown)
    {
        onUnknown?.Invoke(state);
        return JobPhase.Running;
    }

    private async Task<JsonNode?> FindServiceNodeAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        JsonNode? found = null;
        await foreach (JsonNode item in ListAsync("api/v2/services-v2/", name, "find service", cancellationToken))
        {
            // The platform's name filter is a case-insensitive substring match: exact name and project here.
            if ((string?)item["name"] == name && InProject(item) && MapServiceState((string?)item["current_state"]) != ServicePhase.Terminated)
            {
                found ??= item;
            }
        }

        return found;
    }

    private bool InProject(JsonNode item) =>
        options.Value.ProjectId is not { Length: > 0 } project || (string?)item["project_id"] == project;

    private async IAsyncEnumerable<JsonNode> ListAsync(string route, string name, string what, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        for (int page = 0; page < MaxPages; page++)
        {
            string query = $"{route}?name={Uri.EscapeDataString(name)}&count={PageSize}" +
                (options.Value.ProjectId is { Length: > 0 } p ? $"&project_id={Uri.EscapeDataString(p)}" : string.Empty) +
                (token is null ? string.Empty : $"&paging_token={Uri.EscapeDataString(token)}");
            JsonNode result = await SendAsync(Http, HttpMethod.Get, query, null, what, cancellationToken);
            if (result["results"] is not JsonArray items)
            {
                throw new AnyscaleException($"Anyscale {what} answered without a 'results' list");
            }

            foreach (JsonNode? item in items)
            {
                if (item is not null) yield return item;
            }

            token = (string?)result["metadata"]?["next_paging_token"];
            if (string.IsNullOrEmpty(token)) yield break;
        }
    }

    private static JsonNode Result(JsonNode envelope, string what) =>
        envelope["result"] ?? throw new AnyscaleException($"Anyscale {what} answered without a 'result'");

    private static async Task<JsonNode> SendAsync(HttpClient http, HttpMethod method, string path, JsonNode? body, string what, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (BrokenCircuitException ex)
        {
            throw new AnyscaleException($"Anyscale {what} failed: the platform is unavailable (circuit open after repeated failures); retry later", HttpStatusCode.ServiceUnavailable, ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new AnyscaleException($"Anyscale {what} timed out", HttpStatusCode.GatewayTimeout, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new AnyscaleException($"Anyscale {what} failed: {ex.Message}", ex.StatusCode, ex);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var detail = await response.Content.ReadAsStringAsync(cancellationToken);
                if (detail.Length > 500) detail = detail[..500];
                throw new AnyscaleException($"Anyscale {what} failed with {(int)response.StatusCode} {response.StatusCode}: {detail}", response.StatusCode);
            }
            return await response.Content.ReadFromJsonAsync<JsonNode>(cancellationToken)
                ?? throw new AnyscaleException($"Anyscale {what} answered with an empty body", response.StatusCode);
        }
    }

    private ComputeJob ToJob(JsonNode node)
    {
        var state = (string?)node["state"]?["current_state"] ?? "UNKNOWN";
        JobPhase phase = MapJobState(state, s => LogUnknownState(logger, s, (string?)node["id"]));
        return new ComputeJob(
            (string?)node["id"] ?? throw new AnyscaleException("Anyscale answered a job without an 'id'"),
            (string?)node["name"] ?? string.Empty,
            state,
            phase,
            (string?)node["state"]?["error"],
            Date(node["created_at"]),
            // The job object has no finish time: a finished job's last transition is when it finished.
            phase is JobPhase.Succeeded or JobPhase.Failed ? Date(node["state"]?["state_transitioned_at"]) : null);
    }

    private static ServiceInfo ToService(JsonNode node) => new(
        (string?)node["id"] ?? throw new AnyscaleException("Anyscale answered a service without an 'id'"),
        (string?)node["name"] ?? string.Empty,
        MapServiceState((string?)node["current_state"]),
        (string?)node["base_url"] ?? string.Empty,
        (string?)node["error_message"],
        ToVersion(node["primary_version"]),
        ToVersion(node["canary_version"]));

    private static ServiceVersionInfo? ToVersion(JsonNode? node) => node is null ? null : new(
        (string?)node["id"] ?? string.Empty,
        (string?)node["version"] ?? string.Empty,
        MapServiceState((string?)node["current_state"]),
        (int?)node["current_weight"] ?? 0,
        (int?)node["target_weight"] ?? (int?)node["weight"] ?? 0,
        Date(node["created_at"]));

    private static DateTimeOffset? Date(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && DateTimeOffset.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var d) ? d : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Anyscale job {Name} already exists as {JobId}: not submitted again")]
    private static partial void LogReusedJob(ILogger logger, string name, string jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Anyscale job {Name} submitted as {JobId}")]
    private static partial void LogSubmittedJob(ILogger logger, string name, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Anyscale job {JobId} is in unknown state {State}: treated as running")]
    private static partial void LogUnknownState(ILogger logger, string state, string? jobId);
}
