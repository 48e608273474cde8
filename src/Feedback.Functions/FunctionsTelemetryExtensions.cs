using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Feedback.Functions;

/// <summary>
/// OpenTelemetry for the Functions app's worker (host.json <c>telemetryMode: OpenTelemetry</c> makes the host do the
/// same): the worker's function-execution traces (<c>UseFunctionsWorkerDefaults</c>), the Durable Task SDK's
/// orchestration and activity traces, and outbound HTTP. Exported to Application Insights when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set (the portal's Application Map, failures and transaction
/// search), and to OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
public static class FunctionsTelemetryExtensions
{
    /// <summary>The service name telemetry is reported under (the same as the self-hosted runtime's).</summary>
    public const string ServiceName = "feedback-loop";

    /// <summary>Adds the worker's OpenTelemetry with the exporters the configuration asks for.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration.</param>
    public static IServiceCollection AddFeedbackFunctionsTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string? appInsights = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        bool otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        IOpenTelemetryBuilder telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithTracing(tracing => tracing.AddSource("Microsoft.DurableTask", "Microsoft.DurableTask.*", "Feedback.*")
                .AddHttpClientInstrumentation(o => o.FilterHttpRequestMessage = request =>
                    !request.Options.TryGetValue(Integrations.Slack.SlackNotifier.SecretUrl, out bool secret) || !secret))
            .WithMetrics(metrics => metrics.AddHttpClientInstrumentation())
            .UseFunctionsWorkerDefaults();
        if (!string.IsNullOrWhiteSpace(appInsights))
        {
            telemetry.UseAzureMonitorExporter(o => o.ConnectionString = appInsights);
        }

        if (otlp)
        {
            telemetry.UseOtlpExporter();
        }

        return services;
    }
}
