using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Feedback.Emulator.Platform;

/// <summary>
/// The job routes: the internal family the SDK creates and lists with (<c>/api/v2/decorated_ha_jobs</c>, 202 on create,
/// get and terminate as its generated docs say) and the public family it reads and terminates with
/// (<c>/ext/v0/production_jobs</c>, 200).
/// </summary>
public static class JobRoutes
{
    /// <summary>Maps the routes.</summary>
    public static void MapJobRoutes(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/api/v2/decorated_ha_jobs/create", CreateAsync);
        app.MapGet("/api/v2/decorated_ha_jobs/", List);
        app.MapGet("/ext/v0/production_jobs/", List);
        app.MapGet("/api/v2/decorated_ha_jobs/{id}", (string id, JobRunner runner) =>
            runner.Get(id) is { } job ? Results.Json(Envelope.Result(job.ToJson()), statusCode: 202) : NotFound(id));
        app.MapGet("/ext/v0/production_jobs/{id}", (string id, JobRunner runner) =>
            runner.Get(id) is { } job ? Results.Json(Envelope.Result(job.ToJson())) : NotFound(id));
        app.MapPost("/api/v2/decorated_ha_jobs/{id}/terminate", (string id, JobRunner runner) => Terminate(id, runner, 202));
        app.MapPost("/ext/v0/production_jobs/{id}/terminate", (string id, JobRunner runner) => Terminate(id, runner, 200));
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, JobRunner runner, CloudStorage storage, IOptions<EmulatorOptions> options)
    {
        var (body, error) = await RequestBody.ReadObjectAsync(request);
        if (body is null) return error!;
        var problems = new List<(string[], string, string)>();
        string? name = RequestBody.RequiredText(body["name"], problems, "name");
        string? projectId = RequestBody.Text(body["project_id"], problems, "project_id");
        if (body["config"] is not JsonObject config)
        {
            problems.Add(body["config"] is null ? ApiErrors.Missing("config") : ApiErrors.Invalid("value is not a valid dict", "config"));
            return ApiErrors.Validation(problems);
        }

        string? buildId = RequestBody.RequiredText(config["build_id"], problems, "config", "build_id");
        string? computeConfigId = RequestBody.RequiredText(config["compute_config_id"], problems, "config", "compute_config_id");
        RequestBody.Text(config["entrypoint"], problems, "config", "entrypoint");
        int? maxRetries = RequestBody.Number(config["max_retries"], 0, 100, problems, "config", "max_retries");
        if (config["runtime_env"] is { } runtimeEnv)
        {
            if (runtimeEnv is not JsonObject) problems.Add(ApiErrors.Invalid("value is not a valid dict", "config", "runtime_env"));
            else if (RequestBody.Text(runtimeEnv["working_dir"], problems, "config", "runtime_env", "working_dir") is { } workingDir)
            {
                if (storage.Problem(workingDir) is { } problem)
                {
                    problems.Add(ApiErrors.Invalid($"working_dir must be a remote URI like an s3 or git path: {problem}", "config", "runtime_env", "working_dir"));
                }
                else if (!new Uri(workingDir).AbsolutePath.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add(ApiErrors.Invalid($"working_dir '{workingDir}' must be a .zip package", "config", "runtime_env", "working_dir"));
                }
            }
        }

        if (problems.Count > 0) return ApiErrors.Validation(problems);
        if (string.IsNullOrWhiteSpace(name)) return ApiErrors.Validation([ApiErrors.Invalid("ensure this value has at least 1 characters", "name")]);
        EmulatorOptions o = options.Value;
        if (o.UnknownIdProblem(buildId, computeConfigId) is { } unknown) return ApiErrors.Refusal(400, unknown);
        config["max_retries"] = maxRetries ?? 5;
        EmulatedJob job = runner.Submit(name, projectId ?? o.DefaultProjectId, (JsonObject)config.DeepClone(), maxRetries ?? 5);
        return Results.Json(Envelope.Result(job.ToJson()), statusCode: 202);
    }

    private static IResult List(string? name, string? project_id, int? count, string? paging_token, JobRunner runner) =>
        Envelope.Page(
            runner.All
                .Where(j => name is null || j.Name.Contains(name, StringComparison.OrdinalIgnoreCase))
                .Where(j => project_id is null || j.ProjectId == project_id)
                .Select(j => (JsonNode)j.ToJson()),
            count,
            paging_token);

    private static IResult Terminate(string id, JobRunner runner, int status)
    {
        if (runner.Get(id) is not { } job) return NotFound(id);
        runner.Terminate(job);
        return Results.Json(Envelope.Result(job.ToJson()), statusCode: status);
    }

    private static IResult NotFound(string id) => ApiErrors.Refusal(404, $"production job {id} not found");
}
