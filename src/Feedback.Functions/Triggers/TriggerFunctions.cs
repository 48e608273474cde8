using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues.Models;
using Feedback.Pipeline;
using Feedback.Pipeline.Triggers;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Triggers;

/// <summary>
/// The Functions app's timer, queue and blob triggers. Each starts the same orchestrations as the self-hosted runtime's
/// triggers, with the same deterministic instance ids (<see cref="TriggerStarts"/>), so a trigger
/// that fires twice for one cause starts one orchestration.
/// </summary>
/// <param name="options">Which orchestration each trigger starts.</param>
/// <param name="time">The clock.</param>
/// <param name="logger">The logger.</param>
public sealed partial class TriggerFunctions(IOptions<TriggerOptions> options, TimeProvider time, ILogger<TriggerFunctions> logger)
{
    /// <summary>The timer trigger: on each occurrence of <c>Triggers:Schedule:Cron</c>, starts <c>Triggers:Schedule:Orchestration</c>.</summary>
    /// <param name="timer">The timer.</param>
    /// <param name="client">The durable client.</param>
    [Function(nameof(ScheduledStart))]
    public async Task ScheduledStart([TimerTrigger("%Triggers:Schedule:Cron%")] TimerInfo timer, [DurableClient] DurableTaskClient client)
    {
        ScheduleTriggerOptions o = options.Value.Schedule;
        if (string.IsNullOrWhiteSpace(o.Orchestration))
        {
            LogTriggerOff(logger, nameof(ScheduledStart));
            return;
        }

        DateTimeOffset occurrence = CronSchedule.LatestOccurrence(o.Cron, time.GetUtcNow()) ?? time.GetUtcNow();
        string instanceId = string.IsNullOrWhiteSpace(o.InstanceId) ? TriggerStarts.ScheduleInstanceId(o.Orchestration, occurrence) : o.InstanceId;
        bool started = string.IsNullOrWhiteSpace(o.InstanceId)
            ? await TriggerStarts.StartOnceAsync(client, o.Orchestration, instanceId, new ScheduledRun(occurrence))
            : await TriggerStarts.StartSingletonAsync(client, o.Orchestration, instanceId, new ScheduledRun(occurrence));
        LogStarted(logger, nameof(ScheduledStart), o.Orchestration, instanceId, started);
    }

    /// <summary>
    /// The queue trigger on <c>Triggers:Queue:QueueName</c>: each message starts
    /// <c>Triggers:Queue:Orchestration</c> with the message as input. A message that is not JSON
    /// throws, so the host retries it and moves it to the poison queue after maxDequeueCount (host.json).
    /// </summary>
    /// <param name="message">The message.</param>
    /// <param name="client">The durable client.</param>
    [Function(nameof(QueuedStart))]
    public async Task QueuedStart(
        [QueueTrigger("%Triggers:Queue:QueueName%", Connection = "AzureWebJobsStorage")] QueueMessage message,
        [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(message);
        QueueTriggerOptions o = options.Value.Queue;
        if (string.IsNullOrWhiteSpace(o.Orchestration))
        {
            LogTriggerOff(logger, nameof(QueuedStart));
            return;
        }

        JsonElement input = TriggerStarts.ParseMessage(message.Body.ToString(), o.Orchestration);
        string instanceId = TriggerStarts.QueuedInstanceId(o.Orchestration, message.MessageId, input);
        bool started = await TriggerStarts.StartOnceAsync(client, o.Orchestration, instanceId, input);
        LogStarted(logger, nameof(QueuedStart), o.Orchestration, instanceId, started);
    }

    /// <summary>
    /// The blob trigger on <c>{Triggers:Blob:Container}/{Triggers:Blob:Prefix}</c>, fed by Event Grid
    /// (the only blob trigger source on Flex Consumption; infra/scripts/subscribe-blob-events.sh): each
    /// new blob (or new version of one) starts <c>Triggers:Blob:Orchestration</c> once.
    /// </summary>
    /// <param name="blob">The blob that arrived.</param>
    /// <param name="client">The durable client.</param>
    [Function(nameof(BlobArrivalStart))]
    public async Task BlobArrivalStart(
        [BlobTrigger("%Triggers:Blob:Container%/%Triggers:Blob:Prefix%{name}", Source = BlobTriggerSource.EventGrid, Connection = "AzureWebJobsStorage")] BlobClient blob,
        [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(blob);
        BlobTriggerOptions o = options.Value.Blob;
        if (string.IsNullOrWhiteSpace(o.Orchestration))
        {
            LogTriggerOff(logger, nameof(BlobArrivalStart));
            return;
        }

        BlobProperties properties = (await blob.GetPropertiesAsync()).Value;
        string etag = properties.ETag.ToString();
        string instanceId = string.IsNullOrWhiteSpace(o.InstanceId) ? TriggerStarts.ObjectInstanceId(o.Orchestration, blob.Name, etag) : o.InstanceId;
        var arrival = new ObjectArrival(blob.Name, etag, properties.ContentLength);
        bool started = string.IsNullOrWhiteSpace(o.InstanceId)
            ? await TriggerStarts.StartOnceAsync(client, o.Orchestration, instanceId, arrival)
            : await TriggerStarts.StartSingletonAsync(client, o.Orchestration, instanceId, arrival);
        LogStarted(logger, nameof(BlobArrivalStart), o.Orchestration, instanceId, started);
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "{Trigger} started {Orchestration} as {InstanceId} (new: {Started})")]
    private static partial void LogStarted(ILogger logger, string trigger, string orchestration, string instanceId, bool started);

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "{Trigger} fired but no orchestration is configured for it")]
    private static partial void LogTriggerOff(ILogger logger, string trigger);
}
