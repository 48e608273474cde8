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
/// The Anyscale REST client (../shared/docs/anyscale-api.md). Calls go through the named client
/// <see cref="HttpClientName"/> (standard resilience: retries with jitter on 429/5xx/timeouts, circuit breaker);
/// job submission goes through <see cref="SubmitClientName"/>, which never retries a POST: it is made safe by a
/// lookup of the deterministic name before and after a failed attempt.
/// </summary>
public sealed partial class AnyscaleClient(IHttpClientFactory httpClientFactory, IOptions<AnyscaleOptions> options, ILogger<AnyscaleClient> logger) : IComputePlatform
{
    /// <summary>The named HttpClient for idempotent calls.</summary>
    public const string HttpClientName = "anyscale";

    /// <summary>The named HttpClient for job submission (no retries of POST).</summary>
    public const string SubmitClientName = "anyscale-submit";

    private HttpClient Http => httpClientFactory.CreateClient(HttpClientName);

    /// <inheritdoc />
    public async Task<ComputeJob> SubmitJobAsync(JobSubmission submission, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (await FindJobAsync(submission.Name, cancellationToken) is { } existing)
        {
            LogReusedJob(logger, submission.Name, existing.Id);
            return existing;
        }
        var env = new JsonObject();
        foreach (var (key, value) in submission.EnvironmentVariables) env[key] = value;
        var body = new JsonObject
        {
            ["name"] = submission.Name,
            ["project_id"] = options.Value.ProjectId,
            ["config"] = new JsonObject
            {
                ["entrypoint"] = submission.Entrypoint,
                ["runtime_env"] = new JsonObject { ["working_dir"] = submission.WorkingDirectory, ["pip"] = new JsonArray(), ["env_vars"] = env },
                ["build_id"] = options.Value.BuildId,
                ["compute_config_id"] = options.Value.ComputeConfigId,
                ["max_retries"] = submission.MaxRetries,
            },
        };
        try
        {
            var result = await SendAsync(httpClientFactory.CreateClient(SubmitClientName), HttpMethod.Post, "api/v2/decorated_ha_jobs/create", body, "submit job", cancellationToken);
            var job = ToJob(result["result"]!);
            LogSubmittedJob(logger, submission.Name, job.Id);
            return job;
        }
        catch (AnyscaleException)
        {
            // The create may have reached the platform with its answer lost: if the job exists, that is success.
            if (await FindJobAsync(submission.Name, CancellationToken.None) is { } created) return created;
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<ComputeJob?> FindJobAsync(string name, CancellationToken cancellationToken = default)
    {
        var query = $"api/v2/decorated_ha_jobs/?name={Uri.EscapeDataString(name)}&count=50" +
            (options.Value.ProjectId is { } p ? $"&project_id={Uri.EscapeDataString(p)}" : string.Empty);
        var result = await SendAsync(Http, HttpMethod.Get, query, null, "find job", cancellationToken);
        return (result["results"] as JsonArray ?? [])
            .Select(j => ToJob(j!))
            .Where(j => j.Name == name)
            .OrderByDescending(j => j.CreatedAt)
            .FirstOrDefault();
    }

    /// <inheritdoc />
    public async Task<ComputeJob> GetJobAsync(string id, CancellationToken cancellationToken = default) =>
        ToJob((await SendAsync(Http, HttpMethod.Get, $"api/v2/decorated_ha_jobs/{Uri.EscapeDataString(id)}", null, "get job", cancellationToken))["result"]!);

    /// <inheritdoc />
    public async Task<string> GetJobLogsAsync(string id, CancellationToken cancellationToken = default) =>
        (string?)(await SendAsync(Http, HttpMethod.Get, $"api/v2/decorated_ha_jobs/{Uri.EscapeDataString(id)}/logs_query", null, "get job logs", cancellationToken))["result"]?["logs"] ?? string.Empty;

    /// <inheritdoc />
    public async Task<ComputeJob> TerminateJobAsync(string id, CancellationToken cancellationToken = default) =>
        ToJob((await SendAsync(Http, HttpMethod.Post, $"api/v2/decorated_ha_jobs/{Uri.EscapeDataString(id)}/terminate", new JsonObject(), "terminate job", cancellationToken))["result"]!);

    /// <inheritdoc />
    public async Task<ServiceInfo> ApplyServiceAsync(ServiceSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var body = new JsonObject
        {
            ["name"] = spec.Name,
            ["project_id"] = options.Value.ProjectId,
            ["version"] = spec.Version ?? spec.ModelId,
            ["canary_percent"] = spec.CanaryPercent,
            ["max_surge_percent"] = spec.MaxSurgePercent,
            ["rollout_strategy"] = "ROLLOUT",
            ["auto_complete_rollout"] = false,
            ["ray_serve_config"] = new JsonObject
            {
                ["applications"] = new JsonArray(new JsonObject
                {
                    ["name"] = "llm",
                    ["import_path"] = "rayllm:router_application",
                    ["args"] = new JsonObject { ["model_id"] = spec.ModelId },
                }),
            },
            ["build_id"] = options.Value.BuildId,
            ["compute_config_id"] = options.Value.ComputeConfigId,
            ["config"] = new JsonObject { ["access"] = new JsonObject { ["use_bearer_token"] = true } },
        };
        return ToService((await SendAsync(Http, HttpMethod.Put, "api/v2/services-v2/apply", body, "apply service", cancellationToken))["result"]!);
    }

    /// <inheritdoc />
    public async Task<ServiceInfo?> FindServiceAsync(string name, CancellationToken cancellationToken = default) =>
        (await FindServiceNodeAsync(name, cancellationToken)) is { } node ? ToService(node) : null;

    /// <inheritdoc />
    public async Task<ServiceInfo> GetServiceAsync(string id, CancellationToken cancellationToken = default) =>
        ToService((await SendAsync(Http, HttpMethod.Get, $"api/v2/services-v2/{Uri.EscapeDataString(id)}", null, "get service", cancellationToken))["result"]!);

    /// <inheritdoc />
    public async Task<ServiceInfo> RollbackServiceAsync(string id, CancellationToken cancellationToken = default) =>
        ToService((await SendAsync(Http, HttpMethod.Post, $"ext/v0/services/{Uri.EscapeDataString(id)}/rollback", new JsonObject(), "roll back service", cancellationToken))["result"]!);

    /// <inheritdoc />
    public async Task<ServiceInfo> TerminateServiceAsync(string id, CancellationToken cancellationToken = default) =>
        ToService((await SendAsync(Http, HttpMethod.Post, $"api/v2/services-v2/{Uri.EscapeDataString(id)}/terminate", new JsonObject(), "terminate service", cancellationToken))["result"]!);

    /// <summary>
    /// The endpoint of a live service with its bearer token. For the model-endpoint adapter only: the token is a
    /// secret and never leaves the adapters.
    /// </summary>
    public async Task<(Uri BaseUrl, string Token)?> GetServiceEndpointAsync(string name, CancellationToken cancellationToken = default) =>
        await FindServiceNodeAsync(name, cancellationToken) is { } node
            ? (new Uri((string)node["base_url"]!), (string?)node["auth_token"] ?? string.Empty)
            : null;

    /// <summary>Maps a platform job state to its meaning (anyscale-api.md); unknown states count as running.</summary>
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
        var query = $"api/v2/services-v2?name={Uri.EscapeDataString(name)}" +
            (options.Value.ProjectId is { } p ? $"&project_id={Uri.EscapeDataString(p)}" : string.Empty);
        var result = await SendAsync(Http, HttpMethod.Get, query, null, "find service", cancellationToken);
        return (result["results"] as JsonArray ?? []).FirstOrDefault(s => (string?)s?["name"] == name && (string?)s?["current_state"] != "TERMINATED");
    }

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
        return new ComputeJob(
            (string)node["id"]!,
            (string?)node["name"] ?? string.Empty,
            state,
            MapJobState(state, s => LogUnknownState(logger, s, (string?)node["id"])),
            (string?)node["state"]?["error"],
            Date(node["created_at"]),
            Date(node["finished_at"]));
    }

    private static ServiceInfo ToService(JsonNode node) => new(
        (string)node["id"]!,
        (string?)node["name"] ?? string.Empty,
        (string?)node["current_state"] ?? "UNKNOWN",
        (string?)node["base_url"] ?? string.Empty,
        (string?)node["error_message"],
        ToVersion(node["primary_version"]),
        ToVersion(node["canary_version"]));

    private static ServiceVersionInfo? ToVersion(JsonNode? node) => node is null ? null : new(
        (string?)node["id"] ?? string.Empty,
        (string?)node["version"] ?? string.Empty,
        (string?)node["current_state"] ?? "UNKNOWN",
        (int?)node["current_weight"] ?? (int?)node["weight"] ?? 0,
        (int?)node["target_weight"] ?? 0,
        (string?)node["model_id"],
        Date(node["created_at"]));

    private static DateTimeOffset? Date(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && DateTimeOffset.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Anyscale job {Name} already exists as {JobId}: not submitted again")]
    private static partial void LogReusedJob(ILogger logger, string name, string jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Anyscale job {Name} submitted as {JobId}")]
    private static partial void LogSubmittedJob(ILogger logger, string name, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Anyscale job {JobId} is in unknown state {State}: treated as running")]
    private static partial void LogUnknownState(ILogger logger, string state, string? jobId);
}
