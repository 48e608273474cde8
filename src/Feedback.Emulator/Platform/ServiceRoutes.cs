using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Feedback.Emulator.Platform;

/// <summary>The service routes (<c>/api/v2/services-v2</c>): apply (202), get, list (name is a case-insensitive substring), rollback, terminate (202).</summary>
public static class ServiceRoutes
{
    /// <summary>Maps the routes.</summary>
    public static void MapServiceRoutes(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPut("/api/v2/services-v2/apply", ApplyAsync);
        app.MapGet("/api/v2/services-v2/{id}", (string id, HttpRequest request, ServiceRegistry services) =>
            services.Get(id) is { } s ? Results.Json(Envelope.Result(s.ToJson(BaseUrl(request, s)))) : NotFound(id));
        app.MapGet("/api/v2/services-v2/", List);
        app.MapPost("/api/v2/services-v2/{id}/rollback", RollbackAsync);
        app.MapPost("/api/v2/services-v2/{id}/terminate", (string id, HttpRequest request, ServiceRegistry services) =>
        {
            if (services.Get(id) is not { } s) return NotFound(id);
            services.Terminate(s);
            return Results.Json(Envelope.Result(s.ToJson(BaseUrl(request, s))), statusCode: 202);
        });
    }

    /// <summary>Where a service's OpenAI-compatible endpoint lives (its <c>base_url</c>).</summary>
    public static string BaseUrl(HttpRequest request, EmulatedService service)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(service);
        return $"{request.Scheme}://{request.Host}/serve/{service.Name}";
    }

    private static async Task<IResult> ApplyAsync(HttpRequest request, ServiceRegistry services, IOptions<EmulatorOptions> options)
    {
        var (body, error) = await RequestBody.ReadObjectAsync(request);
        if (body is null) return error!;
        var problems = new List<(string[], string, string)>();
        string? name = RequestBody.RequiredText(body["name"], problems, "name");
        if (body["ray_serve_config"] is null) problems.Add(ApiErrors.Missing("ray_serve_config"));
        else if (body["ray_serve_config"] is not JsonObject) problems.Add(ApiErrors.Invalid("value is not a valid dict", "ray_serve_config"));
        string? buildId = RequestBody.RequiredText(body["build_id"], problems, "build_id");
        string? computeConfigId = RequestBody.RequiredText(body["compute_config_id"], problems, "compute_config_id");
        string? projectId = RequestBody.Text(body["project_id"], problems, "project_id");
        string? version = RequestBody.Text(body["version"], problems, "version");
        int? canary = RequestBody.Number(body["canary_percent"], 0, 100, problems, "canary_percent");
        RequestBody.Number(body["max_surge_percent"], 0, 100, problems, "max_surge_percent");
        string? strategy = RequestBody.Text(body["rollout_strategy"], problems, "rollout_strategy");
        if (strategy is not (null or "ROLLOUT" or "IN_PLACE"))
        {
            problems.Add(ApiErrors.Invalid("value is not a valid enumeration member; permitted: 'ROLLOUT', 'IN_PLACE'", "rollout_strategy"));
        }

        if (problems.Count > 0) return ApiErrors.Validation(problems);
        if (string.IsNullOrWhiteSpace(name)) return ApiErrors.Validation([ApiErrors.Invalid("ensure this value has at least 1 characters", "name")]);
        EmulatorOptions o = options.Value;
        if (o.UnknownIdProblem(buildId, computeConfigId) is { } unknown) return ApiErrors.Refusal(400, unknown);
        var (service, status, refusal) = services.Apply(new ApplyRequest(
            name, projectId ?? o.DefaultProjectId, version, canary, (JsonObject)body["ray_serve_config"]!, buildId!, computeConfigId!, strategy == "IN_PLACE"));
        return service is null
            ? ApiErrors.Refusal(status, refusal!)
            : Results.Json(Envelope.Result(service.ToJson(BaseUrl(request, service))), statusCode: 202);
    }

    private static IResult List(string? name, string? project_id, int? count, string? paging_token, HttpRequest request, ServiceRegistry services) =>
        Envelope.Page(
            services.All
                .Where(s => name is null || s.Name.Contains(name, StringComparison.OrdinalIgnoreCase))
                .Where(s => project_id is null || s.ProjectId == project_id)
                .Select(s => (JsonNode)s.ToJson(BaseUrl(request, s))),
            count,
            paging_token);

    private static async Task<IResult> RollbackAsync(string id, HttpRequest request, ServiceRegistry services)
    {
        var (body, error) = await RequestBody.ReadObjectAsync(request);
        if (body is null) return error!;
        var problems = new List<(string[], string, string)>();
        RequestBody.Number(body["max_surge_percent"], 0, 100, problems, "max_surge_percent");
        if (problems.Count > 0) return ApiErrors.Validation(problems);
        if (services.Get(id) is not { } s) return NotFound(id);
        return services.Rollback(s) is { } refusal
            ? ApiErrors.Refusal(400, refusal)
            : Results.Json(Envelope.Result(s.ToJson(BaseUrl(request, s))), statusCode: 202);
    }

    private static IResult NotFound(string id) => ApiErrors.Refusal(404, $"service {id} not found");
}
