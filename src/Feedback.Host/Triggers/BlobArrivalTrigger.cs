using Feedback.Host.Telemetry;
using Feedback.Pipeline.Ports;
using Feedback.Pipeline.Triggers;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Feedback.Host.Triggers;

/// <summary>
/// The blob-arrival trigger of the self-hosted runtime: it lists a prefix of the object store on an
/// interval, and each new object (or new version of one) starts the configured orchestration once.
/// The instance id is derived from the key and the ETag, so an object seen by two polls, or by two
/// hosts, starts one instance.
/// </summary>
/// <param name="options">The trigger options.</param>
/// <param name="store">The object store.</param>
/// <param name="client">The durable client.</param>
/// <param name="time">The clock.</param>
/// <param name="metrics">The runtime metrics.</param>
/// <param name="logger">The logger.</param>
public sealed partial class BlobArrivalTrigger(
    IOptions<TriggerOptions> options,
    IObjectStore store,
    DurableTaskClient client,
    TimeProvider time,
    RuntimeMetrics metrics,
    ILogger<BlobArrivalTrigger> logger) : BackgroundService
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private string? _unseenLastPoll;
    private int _settledPolls;

    /// <summary>Lists the prefix once and starts an orchestration for each object not seen before; returns how many were started.</summary>
    /// <param name="cancellationToken">Cancels the poll.</param>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken = default)
    {
        BlobTriggerOptions o = options.Value.Blob;
        string orchestration = o.Orchestration ?? throw new InvalidOperationException("The blob trigger has no orchestration.");
        int started = 0;
        if (!string.IsNullOrWhiteSpace(o.InstanceId))
        {
            return await PollSingletonAsync(o, orchestration, o.InstanceId, cancellationToken);
        }

        await foreach (StoredObject stored in store.ListAsync(o.Prefix, cancellationToken))
        {
            string instanceId = TriggerStarts.ObjectInstanceId(orchestration, stored.Key, stored.ETag);
            if (_seen.Contains(instanceId))
            {
                continue;
            }

            if (await TriggerStarts.StartOnceAsync(client, orchestration, instanceId, new ObjectArrival(stored.Key, stored.ETag, stored.Size), cancellationToken))
            {
                started++;
                metrics.TriggerStarted("blob", orchestration);
                LogStarted(logger, stored.Key, orchestration, instanceId);
            }

            _seen.Add(instanceId);
        }

        return started;
    }

    private async Task<int> PollSingletonAsync(BlobTriggerOptions o, string orchestration, string instanceId, CancellationToken cancellationToken)
    {
        var unseen = new List<StoredObject>();
        await foreach (StoredObject stored in store.ListAsync(o.Prefix, cancellationToken))
        {
            if (!_seen.Contains(TriggerStarts.ObjectInstanceId(orchestration, stored.Key, stored.ETag)))
            {
                unseen.Add(stored);
            }
        }

        if (unseen.Count == 0)
        {
            return 0;
        }

        // Wait until the same objects were found SettlePolls listings in a row: an upload of several exports makes one run.
        string fingerprint = string.Join('\n', unseen.Select(u => $"{u.Key}\t{u.ETag}"));
        _settledPolls = fingerprint == _unseenLastPoll ? _settledPolls + 1 : 0;
        _unseenLastPoll = fingerprint;
        if (_settledPolls < o.SettlePolls)
        {
            return 0;
        }

        // One run reads every new object; while one runs, the objects stay unseen and a later poll starts the next run.
        StoredObject first = unseen[0];
        if (!await TriggerStarts.StartSingletonAsync(client, orchestration, instanceId, new ObjectArrival(first.Key, first.ETag, first.Size), cancellationToken))
        {
            return 0;
        }

        foreach (StoredObject stored in unseen)
        {
            _seen.Add(TriggerStarts.ObjectInstanceId(orchestration, stored.Key, stored.ETag));
        }

        metrics.TriggerStarted("blob", orchestration);
        LogStarted(logger, first.Key, orchestration, instanceId);
        return 1;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        BlobTriggerOptions o = options.Value.Blob;
        if (string.IsNullOrWhiteSpace(o.Orchestration))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPollFailed(logger, e, o.Prefix);
            }

            await Task.Delay(o.PollingInterval, time, stoppingToken);
        }
    }

    [LoggerMessage(EventId = 320, Level = LogLevel.Information, Message = "New object {Key} started {Orchestration} as {InstanceId}")]
    private static partial void LogStarted(ILogger logger, string key, string orchestration, string instanceId);

    [LoggerMessage(EventId = 321, Level = LogLevel.Error, Message = "Listing {Prefix} failed; retrying after the polling interval")]
    private static partial void LogPollFailed(ILogger logger, Exception exception, string prefix);
}
