using Feedback.Api;
using Feedback.Host.Api;
using Feedback.Host.Telemetry;

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
        builder.Services.AddFeedbackHostHttpApi(builder.Configuration);
        builder.Logging.AddFilter(RequestLog.HostingDiagnostics, LogLevel.Warning);
        builder.Services.AddFeedbackTelemetry(builder.Configuration);
        configure?.Invoke(builder);

        WebApplication app = builder.Build();
        app.UseMiddleware<RequestLog>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapFeedbackHttpApi();
        app.MapOpenApi();
        return app;
    }
}
