using System.Text.Json;
using Feedback.Host.Telemetry;
using Feedback.Pipeline.Ports;
using Feedback.Pipeline.Triggers;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Feedback.Host.Triggers;

/// <summary>
/// The queue trigger of the self-hosted runtime, with the semantics of the Functions queue trigger:
/// each message starts the configured orchestration (the message's JSON as input, its id in the
/// instance id); a message that fails stays hidden for the visibility timeout and is delivered
/// again; after <see cref="QueueTriggerOptions.MaxDequeueCount"/> deliveries it moves to the poison
/// queue, with nothing lost.
/// </summary>
/// <param name="options">The trigger options.</param>
/// <param name="queues">The event queue.</param>
/// <param name="client">The durable client.</param>
/// <param name="time">The clock.</param>
/// <param name="metrics">The runtime metrics.</param>
/// <param name="logger">The logger.</param>
public sealed partial class QueueTrigger(
    IOptions<TriggerOptions> options,
    IEventQueueClient queues,
    DurableTaskClient client,
    TimeProvider time,
    RuntimeMetrics metrics,
    ILogger<QueueTrigger> logger) : BackgroundService
{
    /// <summary>Takes one batch of messages and handles each; returns how many were taken.</summary>
    /// <param name="cancellationToken">Cancels the poll.</param>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken = default)
    {
        QueueTriggerOptions o = options.Value.Queue;
        string orchestration = o.Orchestration ?? throw new InvalidOperationException("The queue trigger has no orchestration.");
        IReadOnlyList<QueuedMessage> batch = await queues.ReceiveAsync(o.QueueName, 16, o.VisibilityTimeout, cancellationToken);
        foreach (QueuedMessage message in batch)
        {
            if (message.DequeueCount > o.MaxDequeueCount)
            {
                await PoisonAsync(message, o, "delivered more often than the max dequeue count", cancellationToken);
                continue;
            }

            try
            {
                JsonElement input = TriggerStarts.ParseMessage(message.Body, orchestration);
                string instanceId = TriggerStarts.QueuedInstanceId(orchestration, message.MessageId, input);
                bool started = await TriggerStarts.StartOnceAsync(client, orchestration, instanceId, input, cancellationToken);
                await queues.DeleteAsync(message, cancellationToken);
                LogStarted(logger, message.MessageId, o.QueueName, orchestration, instanceId, started);
                if (started)
                {
                    metrics.TriggerStarted("queue", orchestration);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogFailed(logger, message.MessageId, o.QueueName, message.DequeueCount, o.MaxDequeueCount, e.Message);
                if (message.DequeueCount >= o.MaxDequeueCount)
                {
                    await PoisonAsync(message, o, e.Message, cancellationToken);
                }
            }
        }

        return batch.Count;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        QueueTriggerOptions o = options.Value.Queue;
        if (string.IsNullOrWhiteSpace(o.Orchestration))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            int taken;
            try
            {
                taken = await PollOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPollFailed(logger, e, o.QueueName);
                taken = 0;
            }

            if (taken == 0)
            {
                await Task.Delay(o.PollingInterval, time, stoppingToken);
            }
        }
    }

    private async Task PoisonAsync(QueuedMessage message, QueueTriggerOptions o, string reason, CancellationToken cancellationToken)
    {
        await queues.SendAsync(o.PoisonQueueName, message.Body, cancellationToken);
        await queues.DeleteAsync(message, cancellationToken);
        metrics.Poisoned(o.QueueName);
        LogPoisoned(logger, message.MessageId, o.QueueName, o.PoisonQueueName, message.DequeueCount, reason);
    }

    [LoggerMessage(EventId = 310, Level = LogLevel.Information, Message = "Message {MessageId} on {Queue} started {Orchestration} as {InstanceId} (new: {Started})")]
    private static partial void LogStarted(ILogger logger, string messageId, string queue, string orchestration, string instanceId, bool started);

    [LoggerMessage(EventId = 311, Level = LogLevel.Warning, Message = "Message {MessageId} on {Queue} failed on delivery {DequeueCount} of {MaxDequeueCount}: {Reason}")]
    private static partial void LogFailed(ILogger logger, string messageId, string queue, long dequeueCount, int maxDequeueCount, string reason);

    [LoggerMessage(EventId = 312, Level = LogLevel.Error, Message = "Message {MessageId} on {Queue} moved to {PoisonQueue} after {DequeueCount} deliveries: {Reason}")]
    private static partial void LogPoisoned(ILogger logger, string messageId, string queue, string poisonQueue, long dequeueCount, string reason);

    [LoggerMessage(EventId = 313, Level = LogLevel.Error, Message = "Polling {Queue} failed; retrying after the polling interval")]
    private static partial void LogPollFailed(ILogger logger, Exception exception, string queue);
}
