using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues.Models;
using Feedback.Functions.Triggers;
using Feedback.Pipeline;
using Feedback.Pipeline.Runtime;
using Feedback.Pipeline.Triggers;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Feedback.Functions.Tests;

/// <summary>Each Functions trigger starts the right orchestration with the right instance id, against a real durable client.</summary>
public sealed class TriggerFunctionsTests : IAsyncLifetime
{
    private const string Orchestration = nameof(RuntimeCheckOrchestration);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 10, 5, 0, 400, TimeSpan.Zero));
    private DurableTaskTestHost _durable = null!;

    public async Task InitializeAsync() =>
        _durable = await DurableTestHosts.StartAsync(PipelineTasks.Register, new DurableTaskTestHostOptions { ConfigureServices = s => s.AddFeedbackPipeline() });

    public async Task DisposeAsync() => await _durable.DisposeAsync();

    private DurableTaskClient Client => _durable.Client;

    private TriggerFunctions Functions(TriggerOptions? options = null) =>
        new(Options.Create(options ?? new TriggerOptions
        {
            Schedule = { Orchestration = Orchestration, Cron = "0 */5 * * * *", InstanceId = null },
            Queue = { Orchestration = Orchestration },
            Blob = { Orchestration = Orchestration, InstanceId = null },
        }), _time, NullLogger<TriggerFunctions>.Instance);

    [Fact]
    public async Task SourceArrivalStart_ExportLandsInTheStore_StartsTheDataUpdateOnceAndNothingWhenTheLedgerHasIt()
    {
        DirectoryInfo root = Directory.CreateTempSubdirectory("functions-source-poll-");
        var store = new Feedback.Integrations.Storage.FileSystemObjectStore(root.FullName);
        var sources = new SourceArrivalFunctions(
            Options.Create(new TriggerOptions { SourcePoll = { Orchestration = Orchestration, InstanceId = "source-poll-1" } }),
            Options.Create(new Feedback.Pipeline.DataUpdate.DataUpdateOptions()),
            store,
            NullLogger<SourceArrivalFunctions>.Instance);
        var timer = new TimerInfo();

        await sources.SourceArrivalStart(timer, Client);
        Assert.Null(await Client.GetInstanceAsync("source-poll-1"));

        Feedback.Pipeline.Ports.StoredObject export = await store.WriteAsync("sources/discord/2026-12-02.jsonl", new MemoryStream("{}\n"u8.ToArray()));
        await sources.SourceArrivalStart(timer, Client);
        OrchestrationMetadata started = (await Client.GetInstanceAsync("source-poll-1", getInputsAndOutputs: true))!;
        Assert.Equal(Orchestration, started.Name);
        Assert.Contains("sources/discord/2026-12-02.jsonl", started.SerializedInput, StringComparison.Ordinal);
        await Client.WaitForInstanceCompletionAsync("source-poll-1");

        // Once the ledger has the export (the data update ingested it), the poll starts nothing.
        await Client.PurgeInstanceAsync("source-poll-1");
        var ledger = new Feedback.Pipeline.DataUpdate.IngestionLedger();
        ledger.Objects[export.Key] = new Feedback.Pipeline.DataUpdate.IngestedObject(export.ETag, "discord", "v1", DateTimeOffset.UtcNow);
        await store.WriteAsync(Feedback.Pipeline.StoreLayout.LedgerKey, new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(ledger, PipelineJson.Options)));
        await sources.SourceArrivalStart(timer, Client);
        Assert.Null(await Client.GetInstanceAsync("source-poll-1"));
    }

    [Fact]
    public async Task QueuedStart_InputTheOrchestrationCannotRead_ThrowsSoTheHostRetriesAndPoisonsIt()
    {
        QueueMessage message = QueuesModelFactory.QueueMessage("message-4", "receipt", BinaryData.FromString("""{"timerSeconds":"soon"}"""), 1);

        await Assert.ThrowsAsync<InvalidDataException>(() => Functions().QueuedStart(message, Client));
        Assert.Equal(0, await CountAsync($"{Orchestration}-message-"));
    }

    [Fact]
    public async Task ScheduledStart_FiredTwiceForOneOccurrence_StartsOneInstanceNamedAfterTheOccurrence()
    {
        TriggerFunctions functions = Functions();

        await functions.ScheduledStart(new TimerInfo(), Client);
        await functions.ScheduledStart(new TimerInfo(), Client);

        string id = TriggerStarts.ScheduleInstanceId(Orchestration, new DateTimeOffset(2026, 11, 29, 10, 5, 0, TimeSpan.Zero));
        Assert.Equal(Orchestration, (await Client.GetInstanceAsync(id))?.Name);
        Assert.Equal(1, await CountAsync($"{Orchestration}-schedule-"));
    }

    [Fact]
    public async Task QueuedStart_SameDatasetEventInTwoMessages_StartsOneInstanceNamedAfterTheVersion()
    {
        const string body = """{"datasetVersion":"dd0a3f9699dd5472","newLabelledRecords":502,"total":602,"timerSeconds":0}""";

        await Functions().QueuedStart(QueuesModelFactory.QueueMessage("message-a", "receipt", BinaryData.FromString(body), 1), Client);
        await Functions().QueuedStart(QueuesModelFactory.QueueMessage("message-b", "receipt", BinaryData.FromString(body), 1), Client);

        Assert.Equal(Orchestration, (await Client.GetInstanceAsync($"{Orchestration}-dataset-dd0a3f9699dd5472"))?.Name);
        Assert.Equal(1, await CountAsync($"{Orchestration}-dataset-"));
        Assert.Equal(0, await CountAsync($"{Orchestration}-message-"));
    }

    [Fact]
    public async Task QueuedStart_MessageDeliveredTwice_StartsOneInstanceNamedAfterTheMessage()
    {
        QueueMessage message = QueuesModelFactory.QueueMessage("message-1", "receipt", BinaryData.FromString("""{"timerSeconds":0}"""), 1);

        await Functions().QueuedStart(message, Client);
        await Functions().QueuedStart(message, Client);

        OrchestrationMetadata? instance = await Client.GetInstanceAsync(TriggerStarts.MessageInstanceId(Orchestration, "message-1"), getInputsAndOutputs: true);
        Assert.Equal(Orchestration, instance?.Name);
        Assert.Contains("timerSeconds", instance!.SerializedInput, StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync($"{Orchestration}-message-"));
    }

    [Fact]
    public async Task QueuedStart_MalformedMessage_ThrowsSoTheHostRetriesAndPoisonsIt()
    {
        QueueMessage message = QueuesModelFactory.QueueMessage("message-2", "receipt", BinaryData.FromString("not json"), 1);

        await Assert.ThrowsAnyAsync<JsonException>(() => Functions().QueuedStart(message, Client));
        Assert.Equal(0, await CountAsync($"{Orchestration}-message-"));
    }

    [Fact]
    public async Task QueuedStart_NoOrchestrationConfigured_StartsNothing()
    {
        QueueMessage message = QueuesModelFactory.QueueMessage("message-3", "receipt", BinaryData.FromString("{}"), 1);

        await Functions(new TriggerOptions()).QueuedStart(message, Client);

        Assert.Equal(0, await CountAsync(Orchestration));
    }

    [Fact]
    public async Task BlobArrivalStart_BlobOnAzurite_StartsOneInstancePerBlobVersion()
    {
        await using Azurite azurite = await Azurite.StartAsync();
        BlobContainerClient container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("feedback");
        await container.CreateIfNotExistsAsync();
        BlobClient blob = container.GetBlobClient("sources/discord/2026-11-01.jsonl");
        BlobContentInfo first = (await blob.UploadAsync(BinaryData.FromString("{}\n"), overwrite: true)).Value;

        await Functions().BlobArrivalStart(blob, Client);
        await Functions().BlobArrivalStart(blob, Client);
        await blob.UploadAsync(BinaryData.FromString("{}\n{}\n"), overwrite: true);
        await Functions().BlobArrivalStart(blob, Client);

        string firstId = TriggerStarts.ObjectInstanceId(Orchestration, "sources/discord/2026-11-01.jsonl", first.ETag.ToString());
        OrchestrationMetadata? instance = await Client.GetInstanceAsync(firstId, getInputsAndOutputs: true);
        Assert.Equal(Orchestration, instance?.Name);
        Assert.Contains("sources/discord/2026-11-01.jsonl", instance!.SerializedInput, StringComparison.Ordinal);
        Assert.Equal(2, await CountAsync($"{Orchestration}-object-"));
    }

    private async Task<int> CountAsync(string prefix)
    {
        int count = 0;
        await foreach (OrchestrationMetadata instance in Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = prefix }))
        {
            count += instance.Name == Orchestration ? 1 : 0;
        }

        return count;
    }
}
