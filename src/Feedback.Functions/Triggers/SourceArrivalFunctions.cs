using Feedback.Pipeline.DataUpdate;
using Feedback.Pipeline.Ports;
using Feedback.Pipeline.Triggers;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Triggers;

/// <summary>
/// Starts a data update when source exports have landed in the object store. The sources live in the store (S3 in
/// production), which the Functions blob trigger cannot watch; so a timer polls the store with the data update's own
/// rule (objects under a source prefix that the ledger has not seen) and starts the singleton when any wait. Stateless:
/// the ledger remembers what was ingested, so any instance of the app can poll.
/// </summary>
/// <param name="options">The trigger options (<c>Triggers:SourcePoll</c>).</param>
/// <param name="dataUpdate">The data update options (the sources).</param>
/// <param name="store">The object store.</param>
/// <param name="logger">The logger.</param>
public sealed partial class SourceArrivalFunctions(IOptions<TriggerOptions> options, IOptions<DataUpdateOptions> dataUpdate, IObjectStore store, ILogger<SourceArrivalFunctions> logger)
{
    /// <summary>Polls the store; starts <c>Triggers:SourcePoll:Orchestration</c> (a singleton) when source objects wait.</summary>
    /// <param name="timer">The timer.</param>
    /// <param name="client">The durable client.</param>
    [Function(nameof(SourceArrivalStart))]
    public async Task SourceArrivalStart([TimerTrigger("%Triggers:SourcePoll:Cron%")] TimerInfo timer, [DurableClient] DurableTaskClient client)
    {
        SourcePollTriggerOptions o = options.Value.SourcePoll;
        if (string.IsNullOrWhiteSpace(o.Orchestration))
        {
            return;
        }

        PendingSourceObjects pending = await PendingSources.ListAsync(store, dataUpdate.Value);
        if (pending.Objects.Count == 0)
        {
            return;
        }

        SourceObjectRef first = pending.Objects[0];
        bool started = await TriggerStarts.StartSingletonAsync(client, o.Orchestration, o.InstanceId, new ObjectArrival(first.Key, first.ETag, first.Size));
        LogPending(logger, pending.Objects.Count, o.Orchestration, o.InstanceId, started);
    }

    [LoggerMessage(EventId = 402, Level = LogLevel.Information, Message = "{Count} source objects wait in the store: {Orchestration} as {InstanceId} (started: {Started})")]
    private static partial void LogPending(ILogger logger, int count, string orchestration, string instanceId, bool started);
}
