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
    public void MaxConcurrentWorkItems_Configured_HeldByTheWrapperNotThePollingDispatcher()
    {
        var backend = new Microsoft.DurableTask.Testing.Sidecar.InMemoryOrchestrationService(Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        using var service = new SidecarOrchestrationService(backend, maxConcurrentActivities: 64, maxConcurrentOrchestrations: 32);

        Assert.Equal(64, service.ActivityLimit);
        Assert.Equal(32, service.OrchestrationLimit);
        Assert.Equal(int.MaxValue, service.MaxConcurrentTaskActivityWorkItems);
        Assert.Equal(int.MaxValue, service.MaxConcurrentTaskOrchestrationWorkItems);
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

    [Fact]
    public async Task InstanceNameRepair_RowWithoutName_GetsTheNameFromTheStartEventInItsHistory()
    {
        var state = new DurableTask.Core.OrchestrationState { OrchestrationInstance = new DurableTask.Core.OrchestrationInstance { InstanceId = "mu-finetune", ExecutionId = "e1" } };
        string? asked = null;

        DurableTask.Core.OrchestrationState repaired = await InstanceNameRepair.RepairAsync(state, (id, execution) =>
        {
            asked = $"{id}/{execution}";
            return Task.FromResult("""[{"EventType":12,"EventId":-1},{"EventType":0,"EventId":-1,"Name":"FineTuneOrchestration","Input":"{}"}]""");
        });

        Assert.Equal("FineTuneOrchestration", repaired.Name);
        Assert.Equal("mu-finetune/e1", asked);
    }

    [Fact]
    public async Task InstanceNameRepair_RowWithName_IsLeftAsItIsWithoutReadingHistory()
    {
        var state = new DurableTask.Core.OrchestrationState { Name = "DataUpdateOrchestration", OrchestrationInstance = new DurableTask.Core.OrchestrationInstance { InstanceId = "DataUpdate" } };

        DurableTask.Core.OrchestrationState same = await InstanceNameRepair.RepairAsync(state, (_, _) => throw new InvalidOperationException("not read"));

        Assert.Equal("DataUpdateOrchestration", same.Name);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("""[{"EventType":"ExecutionStarted"}]""")]
    [InlineData("not json")]
    [InlineData("")]
    public async Task InstanceNameRepair_HistoryWithoutAStartName_GivesThePlaceholder(string history)
    {
        var state = new DurableTask.Core.OrchestrationState { OrchestrationInstance = new DurableTask.Core.OrchestrationInstance { InstanceId = "x" } };

        DurableTask.Core.OrchestrationState repaired = await InstanceNameRepair.RepairAsync(state, (_, _) => Task.FromResult(history));

        Assert.Equal(InstanceNameRepair.UnknownName, repaired.Name);
    }

    [Fact]
    public void NameFromHistory_StartEventNamedAsAString_IsFound()
    {
        Assert.Equal("RolloutOrchestration", InstanceNameRepair.NameFromHistory("""[{"EventType":"ExecutionStarted","Name":"RolloutOrchestration"}]"""));
    }
}
