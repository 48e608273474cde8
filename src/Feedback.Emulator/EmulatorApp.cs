using System.Text.Json.Nodes;
using Feedback.Emulator.Platform;

namespace Feedback.Emulator;

/// <summary>
/// Builds the emulator web application: the Anyscale job and service routes with the real API's shapes, status codes
/// and refusals (docs/real-services.md), each service's OpenAI-compatible endpoint as Ray Serve LLM answers it, and
/// <c>/admin</c> for faults.
/// </summary>
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
    /// the tests run it. In process the platform shares this machine's disk, so <c>file://</c> URIs count as its cloud
    /// storage (<c>Emulator:AllowFileUris</c>; a setting can turn that off).
    /// </summary>
    /// <param name="token">The platform token clients must send.</param>
    /// <param name="artifactsRoot">Where jobs unpack their working directories.</param>
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
            // In process, the platform shares this machine's disk: file:// URIs of the filesystem store are its cloud storage.
            ["Emulator:AllowFileUris"] = "true",
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
        services.AddSingleton<CloudStorage>();
        services.AddSingleton<AdapterCache>();
        services.AddSingleton<LlmForge>();
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
        app.MapOpenAiRoutes();
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
                await context.Response.WriteAsJsonAsync(new { error = new { detail = "Unauthorized: invalid or missing API token" } });
                return;
            }
        }
        await next(context);
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
