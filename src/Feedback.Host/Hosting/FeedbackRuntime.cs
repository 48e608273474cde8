using System.Text.Json;
using Feedback.Host.Api;
using Feedback.Host.Telemetry;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Feedback.Host.Hosting;

/// <summary>Builds the self-hosted runtime: a web host with the durable runtime, triggers, HTTP API and telemetry.</summary>
public static class FeedbackRuntime
{
    /// <summary>Builds the runtime from arguments, environment and appsettings; <paramref name="configure"/> may add or override anything.</summary>
    /// <param name="args">Command-line configuration (for example <c>--Durable:Backend=AzureStorage</c>).</param>
    /// <param name="configure">Optional last-minute configuration (tests use it).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
        builder.Services.AddFeedbackDurableRuntime(builder.Configuration);
        builder.Services.AddFeedbackTriggers(builder.Configuration);
        builder.Services.AddFeedbackHttpApi(builder.Configuration);
        builder.Logging.AddFilter(RequestLog.HostingDiagnostics, LogLevel.Warning);
        builder.Services.AddFeedbackTelemetry(builder.Configuration);
        configure?.Invoke(builder);

        WebApplication app = builder.Build();
        app.UseMiddleware<RequestLog>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapDurableHttpApi();
        app.MapFeedbackApi();
        app.MapStructuringApi();
        app.MapDashboard();
        app.MapOpenApi();
        app.MapHealthChecks("/api/health", new HealthCheckOptions { ResponseWriter = WriteHealthAsync });
        return app;
    }

    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }),
        }));
    }
}
