using System.Text;
using System.Text.Json;
using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.Ports;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Pipeline.Tests;

/// <summary>
/// The data update's orchestrator on the in-process durable host with fakes of its ports (the store in memory, a
/// recording queue, metrics sink and notifier): the fan-out of transforms, the join into one version, the event and the
/// ledger, in the style of durabletask-dotnet's orchestrator tests.
/// </summary>
public sealed class DataUpdateOrchestrationTests : IAsyncLifetime
{
    private readonly MemoryObjectStore _store = new();
    private readonly RecordingEventQueue _queue = new();
    private readonly RecordingMetricsSink _metrics = new();
    private readonly RecordingNotifier _notifier = new();
    private DurableTaskTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await DurableTestHosts.StartAsync(PipelineTasks.Register, new DurableTaskTestHostOptions
        {
            ConfigureServices = services => services
                .AddFeedbackPipeline()
                .Configure<DataUpdateOptions>(o => (o.MaxParallelTransforms, o.TransformBatchObjects) = (3, 2))
                .AddSingleton<IObjectStore>(_store)
                .AddSingleton<IEventQueueClient>(_queue)
                .AddSingleton<IMetricsSink>(_metrics)
                .AddSingleton<INotifier>(_notifier),
        });
        await _store.WriteAsync("reference/test.jsonl", new MemoryStream("""{"text":"held out","mr":"inform(name[Myst])"}"""u8.ToArray()));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task RunAsync_ElevenExportsInBatchesOfTwo_TransformsEachOnceAndJoinsOneVersionAnnouncedOnce()
    {
        for (int i = 0; i < 11; i++)
        {
            await ExportAsync($"sources/api/day-{i:00}.jsonl", $"You loved Game {i}, so do you like games on Steam?", $"verify_attribute(name[Game {i}], rating[excellent], available_on_steam[yes])");
        }

        (DataUpdateResult result, Progress progress) = await RunAsync("update-1");

        Assert.Equal(DataUpdateOutcome.NewVersion, result.Outcome);
        Assert.Equal((11, 11L, 11L), (result.ObjectsIngested, result.NewLabelledRecords, result.TotalLabelledRecords));
        Assert.True(result.EventPublished);
        Assert.Equal(Progress.Counting("done", 11, 11), progress);
        (string queue, string body) = Assert.Single(_queue.Sent);
        Assert.Equal("data-transformed", queue);
        Assert.Equal(result.DatasetVersion, JsonDocument.Parse(body).RootElement.GetProperty("datasetVersion").GetString());
        DataUpdateMetrics metrics = Assert.Single(_metrics.DataUpdates);
        Assert.Equal(result.DatasetVersion, metrics.DatasetVersion);
        IngestionLedger ledger = await IngestionLedger.ReadAsync(_store);
        Assert.Equal(11, ledger.Objects.Count);
        Assert.Empty(_notifier.Sent);
    }

    [Fact]
    public async Task RunAsync_SameExportsAgain_EndsWithNoNewObjectsAndAnnouncesNothing()
    {
        await ExportAsync("sources/api/a.jsonl", "You loved Myst, so do you like games on Steam?", "verify_attribute(name[Myst], rating[excellent], available_on_steam[yes])");
        (DataUpdateResult first, _) = await RunAsync("update-1");

        (DataUpdateResult second, Progress progress) = await RunAsync("update-2");

        Assert.Equal(DataUpdateOutcome.NoNewObjects, second.Outcome);
        Assert.Equal(first.DatasetVersion, second.DatasetVersion);
        Assert.Equal(Progress.At("done"), progress);
        Assert.Single(_queue.Sent);
    }

    [Fact]
    public async Task RunAsync_MetricsWarehouseDown_KeepsTheVersionAnnouncesItAndReportsTheError()
    {
        _metrics.Down = true;
        await ExportAsync("sources/api/a.jsonl", "You loved Myst, so do you like games on Steam?", "verify_attribute(name[Myst], rating[excellent], available_on_steam[yes])");

        (DataUpdateResult result, _) = await RunAsync("update-1");

        Assert.Equal(DataUpdateOutcome.NewVersion, result.Outcome);
        Assert.Contains("does not answer", result.MetricsError, StringComparison.Ordinal);
        Assert.Single(_queue.Sent);
    }

    [Fact]
    public async Task RunAsync_StoreLosesTheTestSet_FailsAndAlertsNamingTheStep()
    {
        _store.Lose("reference/test.jsonl");
        await ExportAsync("sources/api/a.jsonl", "You loved Myst, so do you like games on Steam?", "verify_attribute(name[Myst], rating[excellent], available_on_steam[yes])");

        await _host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(DataUpdateOrchestration), null, new StartOrchestrationOptions("update-1"));
        OrchestrationMetadata done = await _host.Client.WaitForInstanceCompletionAsync("update-1", getInputsAndOutputs: true);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Notification alert = Assert.Single(_notifier.Sent);
        Assert.Equal(NotificationLevel.Alert, alert.Level);
        Assert.Empty(_queue.Sent);
    }

    private async Task ExportAsync(string key, string text, string mr) =>
        await _store.WriteAsync(key, new MemoryStream(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { id = key, text, mr, receivedAt = "2026-12-01T10:00:00Z" }) + "\n")));

    private async Task<(DataUpdateResult Result, Progress Progress)> RunAsync(string id)
    {
        await _host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(DataUpdateOrchestration), null, new StartOrchestrationOptions(id));
        OrchestrationMetadata done = await _host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ToString());
        return (done.ReadOutputAs<DataUpdateResult>()!, done.ReadCustomStatusAs<Progress>()!);
    }
}
