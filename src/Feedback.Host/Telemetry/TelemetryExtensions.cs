using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Feedback.Host.Telemetry;

/// <summary>
/// OpenTelemetry for the self-hosted runtime: traces of orchestrations and activities (the
/// <c>DurableTask.Core</c> source of the engine the worker runs on, and the SDK client's
/// <c>Microsoft.DurableTask</c> source), of inbound and outbound HTTP, and the runtime's
/// metrics. Exported to Application Insights when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is
/// set (what the Azure portal shows), to OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, and to
/// the console when <c>Telemetry:Console</c> is true.
/// </summary>
public static class TelemetryExtensions
{
    /// <summary>The service name telemetry is reported under.</summary>
    public const string ServiceName = "feedback-loop";

    /// <summary>The trace sources recorded.</summary>
    public static IReadOnlyList<string> Sources { get; } = ["Microsoft.DurableTask", "Microsoft.DurableTask.*", "DurableTask.Core", "Feedback.*"];

    /// <summary>Adds OpenTelemetry tracing and metrics with the exporters the configuration asks for; nothing when it asks for none.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration.</param>
    public static IServiceCollection AddFeedbackTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string? appInsights = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        bool otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        bool console = configuration.GetValue("Telemetry:Console", false);
        if (string.IsNullOrWhiteSpace(appInsights) && !otlp && !console)
        {
            // Without an exporter, every durable step and gRPC call would still make spans that nothing reads:
            // a fifth of an activity's cost on the in-memory backend (docs/benchmarks.md, the runtime's own cost).
            return services;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithTracing(tracing =>
            {
                tracing.AddSource([.. Sources])
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation(o => o.FilterHttpRequestMessage = request =>
                        !request.Options.TryGetValue(Integrations.Slack.SlackNotifier.SecretUrl, out bool secret) || !secret);
                if (!string.IsNullOrWhiteSpace(appInsights))
                {
                    tracing.AddAzureMonitorTraceExporter(o => o.ConnectionString = appInsights);
                }

                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }

                if (console)
                {
                    tracing.AddConsoleExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(RuntimeMetrics.MeterName).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (!string.IsNullOrWhiteSpace(appInsights))
                {
                    metrics.AddAzureMonitorMetricExporter(o => o.ConnectionString = appInsights);
                }

                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }

                if (console)
                {
                    metrics.AddConsoleExporter();
                }
            });
        return services;
    }
}
