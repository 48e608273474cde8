using System.Text;
using Feedback.Host.Telemetry;
using Feedback.Host.Triggers;
using Feedback.Integrations.Queues;
using Feedback.Integrations.Storage;
using Feedback.Pipeline;
using Feedback.Pipeline.Triggers;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Feedback.Host.Tests;

/// <summary>The self-hosted triggers against a real durable client (the in-process test host).</summary>
public sealed class TriggerTests : IAsyncLifetime
{
    private const string Orchestration = nameof(Pipeline.Runtime.RuntimeCheckOrchestration);
    private DurableTaskTestHost _durable = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _durable = await DurableTestHosts.StartAsync(PipelineTasks.Register, new DurableTaskTestHostOptions
        {
            ConfigureServices = s => s.AddFeedbackPipeline(),
        });
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _durable.DisposeAsync();
        await _services.DisposeAsync();
    }

    private DurableTaskClient Client => _durable.Client;

    private RuntimeMetrics Metrics => new(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());

    [Fact]
    public async Task ScheduleTrigger_FakeTimePassesTwoOccurrences_StartsOneInstancePerOccurrence()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 10, 2, 0, TimeSpan.Zero));
        var options = Options.Create(new TriggerOptions { Schedule = { Orchestration = Orchestration, Cron = "0 */5 * * * *", InstanceId = null } });
        using var trigger = new ScheduleTrigger(options, Client, time, Metrics, NullLogger<ScheduleTrigger>.Instance);
        string first = TriggerStarts.ScheduleInstanceId(Orchestration, new DateTimeOffset(2026, 11, 29, 10, 5, 0, TimeSpan.Zero));
        string second = TriggerStarts.ScheduleInstanceId(Orchestration, new DateTimeOffset(2026, 11, 29, 10, 10, 0, TimeSpan.Zero));

        // The trigger waits on the fake clock from the moment it starts: nothing fires before the clock moves.
        await trigger.StartAsync(CancellationToken.None);
        Assert.Null(await Client.GetInstanceAsync(first));

        await AdvanceUntilAsync(time, TimeSpan.FromMinutes(3), () => InstanceExistsAsync(first));
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 10, 5, 0, TimeSpan.Zero), time.GetUtcNow());
        Assert.Null(await Client.GetInstanceAsync(second));

        await AdvanceUntilAsync(time, TimeSpan.FromMinutes(5), () => InstanceExistsAsync(second));
        await trigger.StopAsync(CancellationToken.None);

        OrchestrationMetadata? started = await Client.GetInstanceAsync(first, getInputsAndOutputs: true);
        Assert.Contains("2026-11-29T10:05:00", started!.SerializedInput, StringComparison.Ordinal);
        Assert.Equal(2, await CountInstancesAsync($"{Orchestration}-schedule-"));
    }

    [Fact]
    public async Task QueueTrigger_SameDataTransformedEventPublishedTwice_StartsOneInstanceForTheDatasetVersion()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var queue = new InProcessEventQueueClient(time);
        var options = Options.Create(new TriggerOptions { Queue = { Orchestration = Orchestration, QueueName = "data-transformed" } });
        using var trigger = new QueueTrigger(options, queue, Client, time, Metrics, NullLogger<QueueTrigger>.Instance);
        string version = $"v{Guid.NewGuid():N}"[..12];
        // A data update killed after publishing, then run again, publishes its event again: another message, one cause.
        await queue.SendAsync("data-transformed", $$"""{"datasetVersion":"{{version}}","newLabelledRecords":600,"total":600,"timerSeconds":0}""");
        await queue.SendAsync("data-transformed", $$"""{"datasetVersion":"{{version}}","newLabelledRecords":600,"total":600,"timerSeconds":0}""");

        await trigger.PollOnceAsync();
        time.Advance(TimeSpan.FromMinutes(5));

        Assert.Empty(await queue.PeekAsync("data-transformed", 32));
        Assert.Equal(1, await CountInstancesAsync($"{Orchestration}-dataset-{version}"));
        Assert.Equal(0, await CountInstancesAsync($"{Orchestration}-message-"));
    }

    [Fact]
    public async Task QueueTrigger_ValidMessage_StartsOneOrchestrationAndDeletesTheMessage()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var queue = new InProcessEventQueueClient(time);
        var options = Options.Create(new TriggerOptions { Queue = { Orchestration = Orchestration, QueueName = "data-transformed" } });
        using var trigger = new QueueTrigger(options, queue, Client, time, Metrics, NullLogger<QueueTrigger>.Instance);
        await queue.SendAsync("data-transformed", """{"simulatedFailures":0,"timerSeconds":0}""");

        Assert.Equal(1, await trigger.PollOnceAsync());
        time.Advance(TimeSpan.FromMinutes(5));

        Assert.Empty(await queue.PeekAsync("data-transformed", 32));
        Assert.Equal(1, await CountInstancesAsync($"{Orchestration}-message-"));
    }

    [Fact]
    public async Task QueueTrigger_PoisonMessageInProcess_MovesToPoisonQueueAfterMaxDequeueCount()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var queue = new InProcessEventQueueClient(time);
        var options = Options.Create(new TriggerOptions
        {
            Queue = { Orchestration = Orchestration, QueueName = "events", MaxDequeueCount = 3, VisibilityTimeout = TimeSpan.FromSeconds(30) },
        });
        using var trigger = new QueueTrigger(options, queue, Client, time, Metrics, NullLogger<QueueTrigger>.Instance);
        await queue.SendAsync("events", "this is not json");

        for (int delivery = 1; delivery <= 3; delivery++)
        {
            Assert.Empty(await queue.PeekAsync("events-poison", 32));
            Assert.Equal(1, await trigger.PollOnceAsync());
            time.Advance(TimeSpan.FromSeconds(31));
        }

        Assert.Equal(["this is not json"], await queue.PeekAsync("events-poison", 32));
        Assert.Equal(0, await trigger.PollOnceAsync());
        Assert.Equal(0, await CountInstancesAsync($"{Orchestration}-message-"));
    }

    [Fact]
    public async Task QueueTrigger_PoisonMessageOnAzurite_MovesToPoisonQueueAfterMaxDequeueCount()
    {
        await using Azurite azurite = await Azurite.StartAsync();
        var queue = new AzureStorageEventQueueClient(azurite.ConnectionString);
        var options = Options.Create(new TriggerOptions
        {
            Queue = { Orchestration = Orchestration, QueueName = "azure-events", MaxDequeueCount = 2, VisibilityTimeout = TimeSpan.FromSeconds(1) },
        });
        using var trigger = new QueueTrigger(options, queue, Client, TimeProvider.System, Metrics, NullLogger<QueueTrigger>.Instance);
        await queue.SendAsync("azure-events", "{ broken");
        await queue.SendAsync("azure-events", """{"simulatedFailures":0,"timerSeconds":0}""");

        Assert.Equal(2, await trigger.PollOnceAsync());
        Assert.Equal(0, await trigger.PollOnceAsync());

        // The broken message comes back after its visibility timeout, for its second and last delivery.
        await Wait.UntilAsync(() => trigger.PollOnceAsync(), taken => taken == 1, TimeSpan.FromSeconds(30), "the broken message's second delivery");

        Assert.Equal(["{ broken"], await queue.PeekAsync("azure-events-poison", 32));
        // Gone, not hidden: the queue's count includes invisible messages.
        var source = new Azure.Storage.Queues.QueueClient(azurite.ConnectionString, "azure-events");
        Assert.Equal(0, (await source.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Equal(1, await CountInstancesAsync($"{Orchestration}-message-"));
    }

    [Fact]
    public async Task BlobArrivalTrigger_ObjectSeenTwiceAndByASecondHost_StartsOneOrchestrationPerVersion()
    {
        string root = Path.Combine(Path.GetTempPath(), "feedback-tests", Guid.NewGuid().ToString("N"));
        var store = new FileSystemObjectStore(root);
        var options = Options.Create(new TriggerOptions { Blob = { Orchestration = Orchestration, Prefix = "sources/", InstanceId = null } });
        using var trigger = new BlobArrivalTrigger(options, store, Client, TimeProvider.System, Metrics, NullLogger<BlobArrivalTrigger>.Instance);
        using var secondHost = new BlobArrivalTrigger(options, store, Client, TimeProvider.System, Metrics, NullLogger<BlobArrivalTrigger>.Instance);
        await store.WriteAsync("sources/discord/2026-11-01.jsonl", new MemoryStream(Encoding.UTF8.GetBytes("{}\n")));
        await store.WriteAsync("elsewhere/ignored.jsonl", new MemoryStream(Encoding.UTF8.GetBytes("{}\n")));

        Assert.Equal(1, await trigger.PollOnceAsync());
        Assert.Equal(0, await trigger.PollOnceAsync());
        Assert.Equal(0, await secondHost.PollOnceAsync());

        await store.WriteAsync("sources/discord/2026-11-01.jsonl", new MemoryStream(Encoding.UTF8.GetBytes("{}\n{}\n")));
        Assert.Equal(1, await trigger.PollOnceAsync());
        Assert.Equal(0, await secondHost.PollOnceAsync());
        Assert.Equal(2, await CountInstancesAsync($"{Orchestration}-object-"));
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public async Task BlobArrivalTrigger_SingletonWhileRunning_WaitsAndStartsOneRunForTheNewObjects()
    {
        string root = Path.Combine(Path.GetTempPath(), "feedback-tests", Guid.NewGuid().ToString("N"));
        var store = new FileSystemObjectStore(root);
        var options = Options.Create(new TriggerOptions { Blob = { Orchestration = Orchestration, Prefix = "sources/", InstanceId = "singleton-update" } });
        using var trigger = new BlobArrivalTrigger(options, store, Client, TimeProvider.System, Metrics, NullLogger<BlobArrivalTrigger>.Instance);
        await store.WriteAsync("sources/discord/a.jsonl", new MemoryStream(Encoding.UTF8.GetBytes("{}\n")));

        Assert.Equal(1, await trigger.PollOnceAsync());
        await Client.WaitForInstanceStartAsync("singleton-update");
        await store.WriteAsync("sources/discord/b.jsonl", new MemoryStream(Encoding.UTF8.GetBytes("{}\n")));
        Assert.Equal(0, await trigger.PollOnceAsync());

        await Client.WaitForInstanceCompletionAsync("singleton-update");
        Assert.Equal(1, await trigger.PollOnceAsync());
        Assert.Equal(0, await trigger.PollOnceAsync());
        Directory.Delete(root, recursive: true);
    }

    private async Task<bool> InstanceExistsAsync(string id) => await Client.GetInstanceAsync(id) is not null;

    private async Task<int> CountInstancesAsync(string prefix)
    {
        int count = 0;
        await foreach (OrchestrationMetadata instance in Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = prefix }))
        {
            // The runtime check's own sub-orchestration shares the prefix; count what triggers started.
            count += instance.Name == Orchestration ? 1 : 0;
        }

        return count;
    }

    private static async Task AdvanceUntilAsync(FakeTimeProvider time, TimeSpan total, Func<Task<bool>> condition)
    {
        // The trigger computes each occurrence from the previous one, so one jump of the clock fires the occurrence it passes.
        time.Advance(total);
        await Wait.UntilAsync(condition, TimeSpan.FromSeconds(10), "the trigger to start the expected instance");
    }
}
