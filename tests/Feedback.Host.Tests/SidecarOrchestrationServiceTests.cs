using DurableTask.Core.History;
using Feedback.Host.Durable;
using Microsoft.DurableTask.Testing.Sidecar.Dispatcher;

namespace Feedback.Host.Tests;

public sealed class SidecarOrchestrationServiceTests
{
    [Fact]
    public void ReplaceSidecarEvents_SidecarSubOrchestrationEvent_BecomesPlainEventWithDictionaryTags()
    {
        var sidecarEvent = new GrpcSubOrchestrationInstanceCreatedEvent(7)
        {
            Name = "Child",
            Version = "1",
            InstanceId = "parent-child",
            Input = "\"x\"",
            Tags = new SortedList<string, string> { ["k"] = "v" },
            Timestamp = new DateTime(2026, 11, 29, 8, 0, 0, DateTimeKind.Utc),
        };
        var started = new ExecutionStartedEvent(-1, "{}") { Tags = new SortedList<string, string> { ["a"] = "b" } };
        IList<HistoryEvent> history = [started, sidecarEvent];

        SidecarOrchestrationService.ReplaceSidecarEvents(history);

        SubOrchestrationInstanceCreatedEvent plain = Assert.IsType<SubOrchestrationInstanceCreatedEvent>(history[1], exactMatch: true);
        Assert.Equal((7, "Child", "1", "parent-child", "\"x\""), (plain.EventId, plain.Name, plain.Version, plain.InstanceId, plain.Input));
        Assert.Equal(sidecarEvent.Timestamp, plain.Timestamp);
        Assert.IsType<Dictionary<string, string>>(plain.Tags);
        Assert.Equal("v", plain.Tags!["k"]);
        Assert.IsType<Dictionary<string, string>>(((ExecutionStartedEvent)history[0]).Tags);
    }

    [Fact]
    public void MaxConcurrentWorkItems_Configured_OverridesBackendLimits()
    {
        var backend = new Microsoft.DurableTask.Testing.Sidecar.InMemoryOrchestrationService(Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        using var service = new SidecarOrchestrationService(backend, maxConcurrentActivities: 64, maxConcurrentOrchestrations: 32);

        Assert.Equal(64, service.MaxConcurrentTaskActivityWorkItems);
        Assert.Equal(32, service.MaxConcurrentTaskOrchestrationWorkItems);
        Assert.Equal(Environment.ProcessorCount, backend.MaxConcurrentTaskActivityWorkItems);
    }

    [Fact]
    public async Task StopAsync_AzureStorageServiceNeverStarted_DoesNotThrow()
    {
        // Unwrapped, this service's StopAsync throws a NullReferenceException (no lease manager yet): from the
        // sidecar's application-stopping callback that crashed the process when a host stopped right after start.
        var backend = new DurableTask.AzureStorage.AzureStorageOrchestrationService(new DurableTask.AzureStorage.AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new DurableTask.AzureStorage.StorageAccountClientProvider("UseDevelopmentStorage=true"),
            TaskHubName = "NeverStarted",
        });
        await Assert.ThrowsAnyAsync<Exception>(() => backend.StopAsync(isForced: true));
        using var service = new SidecarOrchestrationService(backend);

        await service.StopAsync(isForced: true);
        await service.StopAsync();
    }
}
