using Cronos;
using Feedback.Host.Telemetry;
using Feedback.Pipeline.Triggers;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Feedback.Host.Triggers;

/// <summary>
/// The timer trigger of the self-hosted runtime: on each occurrence of a six-field cron schedule
/// (UTC) it starts the configured orchestration, with the occurrence in the instance id so an
/// occurrence starts one instance even when two hosts share a task hub.
/// </summary>
/// <param name="options">The trigger options.</param>
/// <param name="client">The durable client.</param>
/// <param name="time">The clock.</param>
/// <param name="metrics">The runtime metrics.</param>
/// <param name="logger">The logger.</param>
public sealed partial class ScheduleTrigger(
    IOptions<TriggerOptions> options,
    DurableTaskClient client,
    TimeProvider time,
    RuntimeMetrics metrics,
    ILogger<ScheduleTrigger> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ScheduleTriggerOptions o = options.Value.Schedule;
        if (string.IsNullOrWhiteSpace(o.Orchestration))
        {
            return;
        }

        CronExpression schedule = CronSchedule.Parse(o.Cron);
        DateTimeOffset from = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            DateTimeOffset? next = schedule.GetNextOccurrence(from, TimeZoneInfo.Utc);
            if (next is null)
            {
                return;
            }

            TimeSpan wait = next.Value - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, stoppingToken);
            }

            string instanceId = string.IsNullOrWhiteSpace(o.InstanceId) ? TriggerStarts.ScheduleInstanceId(o.Orchestration, next.Value) : o.InstanceId;
            try
            {
                bool started = string.IsNullOrWhiteSpace(o.InstanceId)
                    ? await TriggerStarts.StartOnceAsync(client, o.Orchestration, instanceId, new ScheduledRun(next.Value), stoppingToken)
                    : await TriggerStarts.StartSingletonAsync(client, o.Orchestration, instanceId, new ScheduledRun(next.Value), stoppingToken);
                LogFired(logger, o.Orchestration, next.Value, instanceId, started);
                if (started)
                {
                    metrics.TriggerStarted("schedule", o.Orchestration);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e, o.Orchestration, next.Value);
            }

            from = next.Value;
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Schedule fired for {Orchestration} at {Occurrence}: instance {InstanceId} (started: {Started})")]
    private static partial void LogFired(ILogger logger, string orchestration, DateTimeOffset occurrence, string instanceId, bool started);

    [LoggerMessage(EventId = 301, Level = LogLevel.Error, Message = "Schedule could not start {Orchestration} for {Occurrence}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string orchestration, DateTimeOffset occurrence);
}
