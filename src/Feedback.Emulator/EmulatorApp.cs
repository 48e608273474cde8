using System.Text.Json.Nodes;
using Feedback.Emulator.Platform;

namespace Feedback.Emulator;

/// <summary>Builds the emulator web application: the Anyscale job and service routes, the OpenAI chat route, admin.</summary>
public static class EmulatorApp
{
    /// <summary>Builds the app from command-line arguments (and any extra configuration).</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Services.AddAnyscaleEmulator(builder.Configuration);
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapAnyscaleEmulator();
        return app;
    }

    /// <summary>
    /// Builds and starts the emulator in this process on a free loopback port (<c>app.Urls</c> holds the
    /// address once started), logging warnings and errors only: how the main command, the benchmarks and
    /// the tests run it.
    /// </summary>
    /// <param name="token">The platform token clients must send.</param>
    /// <param name="artifactsRoot">Where fine-tuned models are written.</param>
    /// <param name="jobStepDelay">Time a job spends in each of PENDING and RUNNING; the default when null.</param>
    /// <param name="serviceStartDelay">Time a service version spends STARTING; the default when null.</param>
    /// <param name="settings">More configuration (<c>Emulator:*</c> keys), applied last.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<WebApplication> StartInProcessAsync(
        string token,
        string artifactsRoot,
        TimeSpan? jobStepDelay = null,
        TimeSpan? serviceStartDelay = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        CancellationToken cancellationToken = default)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Emulator:Token"] = token,
            ["Emulator:ArtifactsRoot"] = artifactsRoot,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (jobStepDelay is { } step) configuration["Emulator:JobStepDelay"] = step.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        if (serviceStartDelay is { } start) configuration["Emulator:ServiceStartDelay"] = start.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) configuration[key] = value;
        var app = Build(["--urls", "http://127.0.0.1:0"], b => b.Configuration.AddInMemoryCollection(configuration));
        try
        {
            await app.StartAsync(cancellationToken);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Registers the emulator's services and validated options.</summary>
    public static IServiceCollection AddAnyscaleEmulator(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmulatorOptions>().Bind(configuration.GetSection(EmulatorOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddProblemDetails();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<Faults>();
        services.AddSingleton<ModelStore>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<ServiceRegistry>();
        return services;
    }

    /// <summary>Maps the routes.</summary>
    public static WebApplication MapAnyscaleEmulator(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(FaultsAndAuth);
        app.MapJobRoutes();
        app.MapServiceRoutes();
        app.MapChatRoutes();
        app.MapAdminRoutes();
        return app;
    }

    private static async Task FaultsAndAuth(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (path.StartsWith("/admin", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }
        var faults = context.RequestServices.GetRequiredService<Faults>();
        if (faults.Delay > TimeSpan.Zero) await Task.Delay(faults.Delay, context.RequestAborted);
        if (faults.TakeReset())
        {
            // The connection drops mid-call: the client sees a reset, no status code.
            context.Abort();
            return;
        }

        if (faults.TakeCallFailure())
        {
            context.Response.StatusCode = faults.FailStatus;
            if (faults.FailStatus == 429) context.Response.Headers.RetryAfter = "1";
            await context.Response.WriteAsJsonAsync(new { error = new { message = $"injected fault: {faults.FailStatus}" } });
            return;
        }
        if (path.StartsWith("/api/", StringComparison.Ordinal) || path.StartsWith("/ext/", StringComparison.Ordinal))
        {
            var token = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<EmulatorOptions>>().Value.Token;
            var header = context.Request.Headers.Authorization.ToString();
            var cookie = context.Request.Cookies["cli_token"];
            if (!string.Equals(header, $"Bearer {token}", StringComparison.Ordinal) && !string.Equals(cookie, token, StringComparison.Ordinal))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await context.Response.WriteAsJsonAsync(new { error = new { detail = "invalid or missing API token" } });
                return;
            }
        }
        await next(context);
    }

    internal static IResult Wrap(JsonNode result) => Results.Json(new JsonObject { ["result"] = result });

    internal static IResult WrapList(IEnumerable<JsonNode> items, int total) =>
        Results.Json(new JsonObject { ["results"] = new JsonArray([.. items]), ["metadata"] = new JsonObject { ["total"] = total, ["next_paging_token"] = null } });

    internal static IResult Problem(int status, string detail) => Results.Problem(detail: detail, statusCode: status);

    private static void MapJobRoutes(this WebApplication app)
    {
        var jobs = app.MapGroup("/api/v2/decorated_ha_jobs");
        jobs.MapPost("/create", (JsonObject body, JobRunner runner) =>
        {
            var name = (string?)body["name"];
            if (string.IsNullOrWhiteSpace(name)) return Problem(400, "'name' is required");
            if (body["config"] is not JsonObject config || string.IsNullOrWhiteSpace((string?)config["entrypoint"])) return Problem(400, "'config.entrypoint' is required");
            return Wrap(runner.Submit(name, (string?)body["project_id"], config.DeepClone()).ToJson());
        });
        jobs.MapGet("/{id}", (string id, JobRunner runner) => runner.Get(id) is { } job ? Wrap(job.ToJson()) : Problem(404, $"job {id} not found"));
        jobs.MapGet("/", (string? name, string? project_id, int? count, string? paging_token, JobRunner runner) =>
        {
            var all = runner.All.Where(j => name is null || j.Name == name).Where(j => project_id is null || j.ProjectId == project_id).ToList();
            var skip = int.TryParse(paging_token, out var s) ? s : 0;
            var page = all.Skip(skip).Take(count ?? 50).Select(j => (JsonNode)j.ToJson()).ToList();
            var result = new JsonObject
            {
                ["results"] = new JsonArray([.. page]),
                ["metadata"] = new JsonObject { ["total"] = all.Count, ["next_paging_token"] = skip + page.Count < all.Count ? (skip + page.Count).ToString(System.Globalization.CultureInfo.InvariantCulture) : null },
            };
            return Results.Json(result);
        });
        jobs.MapPost("/{id}/terminate", (string id, JobRunner runner) =>
        {
            if (runner.Get(id) is not { } job) return Problem(404, $"job {id} not found");
            runner.Terminate(job);
            return Wrap(job.ToJson());
        });
        jobs.MapGet("/{id}/logs_query", (string id, JobRunner runner) =>
            runner.Get(id) is { } job ? Wrap(new JsonObject { ["logs"] = string.Join('\n', job.Logs) }) : Problem(404, $"job {id} not found"));
    }

    private static void MapServiceRoutes(this WebApplication app)
    {
        static string BaseUrl(HttpRequest request, EmulatedService service) => $"{request.Scheme}://{request.Host}/serve/{service.Name}";

        app.MapPut("/api/v2/services-v2/apply", (JsonObject body, HttpRequest request, ServiceRegistry services) =>
        {
            var name = (string?)body["name"];
            if (string.IsNullOrWhiteSpace(name)) return Problem(400, "'name' is required");
            var modelId = (string?)body["ray_serve_config"]?["applications"]?[0]?["args"]?["model_id"];
            if (string.IsNullOrWhiteSpace(modelId)) return Problem(400, "'ray_serve_config.applications[0].args.model_id' is required");
            var canary = (int?)body["canary_percent"] ?? 100;
            if (canary is < 0 or > 100) return Problem(400, "'canary_percent' must be 0..100");
            var (service, error) = services.Apply(name, (string?)body["project_id"], modelId, (string?)body["version"], canary);
            return service is null ? Problem(409, error!) : Results.Json(new JsonObject { ["result"] = service.ToJson(BaseUrl(request, service)) }, statusCode: 202);
        });
        app.MapGet("/api/v2/services-v2/{id}", (string id, HttpRequest request, ServiceRegistry services) =>
            services.Get(id) is { } s ? Wrap(s.ToJson(BaseUrl(request, s))) : Problem(404, $"service {id} not found"));
        app.MapGet("/api/v2/services-v2", (string? name, string? project_id, HttpRequest request, ServiceRegistry services) =>
        {
            var found = services.All.Where(s => name is null || s.Name == name).Where(s => project_id is null || s.ProjectId == project_id)
                .Select(s => (JsonNode)s.ToJson(BaseUrl(request, s))).ToList();
            return WrapList(found, found.Count);
        });
        app.MapPost("/ext/v0/services/{id}/rollback", (string id, HttpRequest request, ServiceRegistry services) =>
        {
            if (services.Get(id) is not { } s) return Problem(404, $"service {id} not found");
            services.Rollback(s);
            return Wrap(s.ToJson(BaseUrl(request, s)));
        });
        app.MapPost("/api/v2/services-v2/{id}/terminate", (string id, HttpRequest request, ServiceRegistry services) =>
        {
            if (services.Get(id) is not { } s) return Problem(404, $"service {id} not found");
            services.Terminate(s);
            return Wrap(s.ToJson(BaseUrl(request, s)));
        });
    }

    private static void MapChatRoutes(this WebApplication app)
    {
        app.MapPost("/serve/{service}/v1/chat/completions", (string service, JsonObject body, HttpRequest request, ServiceRegistry services, ModelStore models, TimeProvider time) =>
        {
            static IResult OpenAiError(int status, string message, string type) =>
                Results.Json(new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = null, ["code"] = null } }, statusCode: status);

            if (services.FindByName(service) is not { } s) return OpenAiError(404, $"service '{service}' not found", "invalid_request_error");
            if (!string.Equals(request.Headers.Authorization.ToString(), $"Bearer {s.AuthToken}", StringComparison.Ordinal))
                return OpenAiError(401, "invalid service token", "authentication_error");
            var version = services.Route(s, request.Headers["X-Anyscale-Version"].ToString());
            if (version is null) return OpenAiError(404, "no such version: there is no canary", "invalid_request_error");
            if (version.State != "RUNNING") return OpenAiError(503, $"version {version.Version} is {version.State}", "server_error");
            var requested = (string?)body["model"];
            if (!string.Equals(requested, version.ModelId, StringComparison.Ordinal))
                return OpenAiError(404, $"The model `{requested}` does not exist on this version (it serves `{version.ModelId}`).", "invalid_request_error");
            var user = (body["messages"] as JsonArray)?.LastOrDefault(m => (string?)m?["role"] == "user");
            var text = user?["content"] is JsonValue v ? (string?)v : (string?)user?["content"]?[0]?["text"];
            if (text is null) return OpenAiError(400, "the request has no user message", "invalid_request_error");
            var answer = models.Load(version.ModelId).Predict(text);
            var promptTokens = text.Split(' ').Length;
            var completionTokens = answer.Split(' ').Length;
            return Results.Json(new JsonObject
            {
                ["id"] = $"chatcmpl-{Guid.NewGuid():N}",
                ["object"] = "chat.completion",
                ["created"] = time.GetUtcNow().ToUnixTimeSeconds(),
                ["model"] = version.ModelId,
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = answer },
                    ["logprobs"] = null,
                    ["finish_reason"] = "stop",
                }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = promptTokens, ["completion_tokens"] = completionTokens, ["total_tokens"] = promptTokens + completionTokens },
            });
        });
    }

    private static void MapAdminRoutes(this WebApplication app)
    {
        app.MapPost("/admin/faults", (JsonObject body, Faults faults) =>
        {
            faults.Set(
                (int?)body["failNext"] ?? 0,
                (int?)body["status"] ?? 503,
                TimeSpan.FromMilliseconds((int?)body["delayMs"] ?? 0),
                (int?)body["failJobs"] ?? 0,
                (bool?)body["unhealthyCanary"] ?? false,
                (int?)body["resetNext"] ?? 0);
            return Results.NoContent();
        });
        app.MapDelete("/admin/faults", (Faults faults) =>
        {
            faults.Clear();
            return Results.NoContent();
        });
        app.MapGet("/admin/health", () => Results.Ok(new { status = "ok" }));
    }
}
