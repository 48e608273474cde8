using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Feedback.Host.Tests;

public sealed class TelemetryTests
{
    [Fact]
    public async Task Runtime_ExporterConfigured_RecordsHttpOrchestrationAndActivitySpans()
    {
        var spans = new List<Activity>();
        await using RuntimeUnderTest runtime = await RuntimeUnderTest.StartAsync(
            new Dictionary<string, string?> { ["Durable:Backend"] = "InMemory", ["Telemetry:Console"] = "true" },
            builder => builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans)));

        string id = $"telemetry-{Guid.NewGuid():N}";
        using HttpResponseMessage start = await runtime.SendAsync(HttpMethod.Post, $"/api/orchestrators/RuntimeCheckOrchestration/{id}", """{"simulatedFailures":0,"timerSeconds":0,"eventTimeoutSeconds":0}""");
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        await runtime.WaitForStatusAsync(id, s => s.GetProperty("runtimeStatus").GetString() == "Completed");
        runtime.Services.GetRequiredService<TracerProvider>().ForceFlush();

        string[] names;
        lock (spans)
        {
            names = spans.Select(s => $"{s.Source.Name}|{s.DisplayName}").ToArray();
        }

        Assert.Contains(names, n => n.StartsWith("Microsoft.AspNetCore|POST", StringComparison.Ordinal));
        Assert.Contains("Microsoft.DurableTask|create_orchestration:RuntimeCheckOrchestration", names);
        // The worker runs in process on DurableTask.Core, whose spans carry the orchestration and activity names.
        Assert.Contains("DurableTask.Core|orchestration:RuntimeCheckOrchestration", names);
        Assert.Contains("DurableTask.Core|activity:RuntimeCheckStepActivity", names);
    }

    [Fact]
    public async Task Runtime_NoExporterConfigured_MakesNoSpans()
    {
        await using RuntimeUnderTest runtime = await RuntimeUnderTest.StartAsync(new Dictionary<string, string?> { ["Durable:Backend"] = "InMemory" });

        Assert.Null(runtime.Services.GetService<TracerProvider>());
    }
}
