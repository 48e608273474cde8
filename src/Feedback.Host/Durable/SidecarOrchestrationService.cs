// Over 300 lines on purpose: it implements four Durable Task backend interfaces (about 40 members), almost all
// one-line pass-throughs; the fixes it adds are the few members with bodies.
using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Query;
using Microsoft.Extensions.Logging.Abstractions;

namespace Feedback.Host.Durable;

/// <summary>
/// A pass-through <see cref="IOrchestrationService"/> between the Durable Task sidecar (and the worker, which
/// runs on it in process) and the storage backend. It fixes what the sidecar (0.2.3-preview.1) gets wrong:
/// <list type="bullet">
/// <item>Sub-orchestrations on the Azure Storage backend: the child's start event carries protobuf
/// tags Newtonsoft cannot serialise, and the parent's history gets a sidecar-only subclass of
/// <see cref="SubOrchestrationInstanceCreatedEvent"/> without a data contract, written as an empty
/// row. Both are replaced with plain events before the backend stores them. The sidecar's dispatcher made
/// them; the in-process worker's engine makes plain events, so this now only guards that path.</item>
/// <item>Concurrency. The in-memory backend caps concurrent work items at the processor count, and the
/// sidecar's dispatcher, once at its cap, polls every 500 ms for a free slot, so a fan-out wider than the cap
/// stalled half a second per round. The wrapper holds the configured limits itself (<see cref="WorkItemGate{T}"/>,
/// a fetch waits for a free slot) and tells the dispatcher it has no cap.</item>
/// <item>An instance whose state row lost its name (a host killed between the backend's history write and its row
/// write) made every instance query fail in the sidecar; the name is read back from the history
/// (<see cref="InstanceNameRepair"/>).</item>
/// </list>
/// It also counts the work this host did (<see cref="Work"/>), so hosts sharing a task hub can show their share.
/// </summary>
public sealed partial class SidecarOrchestrationService :
    IOrchestrationService,
    IOrchestrationServiceClient,
    IOrchestrationServiceQueryClient,
    IOrchestrationServicePurgeClient,
    IDisposable
{
    private readonly IOrchestrationService _service;
    private readonly IOrchestrationServiceClient _client;
    private readonly WorkItemGate<TaskActivityWorkItem> _activities;
    private readonly WorkItemGate<TaskOrchestrationWorkItem> _orchestrations;
    private readonly ILogger _logger;
    private int _started;

    /// <summary>Wraps a backend that is both the service and the client.</summary>
    /// <param name="service">The backend.</param>
    /// <param name="maxConcurrentActivities">The activity work-item limit to report, or null for the backend's.</param>
    /// <param name="maxConcurrentOrchestrations">The orchestration work-item limit to report, or null for the backend's.</param>
    /// <param name="logger">Logs each completed work item at debug level; none when null.</param>
    public SidecarOrchestrationService(IOrchestrationService service, int? maxConcurrentActivities = null, int? maxConcurrentOrchestrations = null, ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
        _service = service ?? throw new ArgumentNullException(nameof(service));
        _client = service as IOrchestrationServiceClient
            ?? throw new ArgumentException("The backend must also be an orchestration service client.", nameof(service));
        _activities = new WorkItemGate<TaskActivityWorkItem>(maxConcurrentActivities ?? service.MaxConcurrentTaskActivityWorkItems);
        _orchestrations = new WorkItemGate<TaskOrchestrationWorkItem>(maxConcurrentOrchestrations ?? service.MaxConcurrentTaskOrchestrationWorkItems);
    }

    /// <summary>The wrapped backend.</summary>
    public IOrchestrationService Inner => _service;

    /// <summary>The work this host completed since it started.</summary>
    public HostWork Work { get; } = new();

    /// <inheritdoc />
    public int TaskOrchestrationDispatcherCount => _service.TaskOrchestrationDispatcherCount;

    /// <inheritdoc />
    /// <remarks>No cap for the dispatcher: the wrapper holds the limit (see the class remarks).</remarks>
    public int MaxConcurrentTaskOrchestrationWorkItems => int.MaxValue;

    /// <summary>The most orchestration work items this host holds at once.</summary>
    public int OrchestrationLimit => _orchestrations.Limit;

    /// <summary>The most activity work items this host holds at once.</summary>
    public int ActivityLimit => _activities.Limit;

    /// <inheritdoc />
    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => _service.EventBehaviourForContinueAsNew;

    /// <inheritdoc />
    public int TaskActivityDispatcherCount => _service.TaskActivityDispatcherCount;

    /// <inheritdoc />
    /// <remarks>No cap for the dispatcher: the wrapper holds the limit (see the class remarks).</remarks>
    public int MaxConcurrentTaskActivityWorkItems => int.MaxValue;

    /// <inheritdoc />
    public async Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        if (newOrchestrationRuntimeState is not null)
        {
            ReplaceSidecarEvents(newOrchestrationRuntimeState.Events);
            ReplaceSidecarEvents(newOrchestrationRuntimeState.NewEvents);
        }

        if (!ReferenceEquals(workItem.OrchestrationRuntimeState, newOrchestrationRuntimeState) && workItem.OrchestrationRuntimeState is not null)
        {
            ReplaceSidecarEvents(workItem.OrchestrationRuntimeState.Events);
            ReplaceSidecarEvents(workItem.OrchestrationRuntimeState.NewEvents);
        }

        foreach (TaskMessage message in orchestratorMessages ?? [])
        {
            NormaliseTags(message.Event);
        }

        foreach (TaskMessage message in outboundMessages ?? [])
        {
            NormaliseTags(message.Event);
        }

        await _service.CompleteTaskOrchestrationWorkItemAsync(
            workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);
        long episodes = Work.EpisodeCompleted();
        LogEpisode(_logger, Work.Host, workItem.InstanceId, episodes);
    }

    /// <summary>Replaces sidecar-only subclasses of history events with the plain events the backend can store.</summary>
    /// <param name="events">A history list, changed in place.</param>
    internal static void ReplaceSidecarEvents(IList<HistoryEvent> events)
    {
        for (int i = 0; i < events.Count; i++)
        {
            if (events[i] is SubOrchestrationInstanceCreatedEvent created && created.GetType() != typeof(SubOrchestrationInstanceCreatedEvent))
            {
                events[i] = new SubOrchestrationInstanceCreatedEvent(created.EventId)
                {
                    Name = created.Name,
                    Version = created.Version,
                    InstanceId = created.InstanceId,
                    Input = created.Input,
                    ClientSpanId = created.ClientSpanId,
                    Tags = CopyTags(created.Tags),
                    IsPlayed = created.IsPlayed,
                    Timestamp = created.Timestamp,
                };
            }
            else
            {
                NormaliseTags(events[i]);
            }
        }
    }

    private static void NormaliseTags(HistoryEvent? historyEvent)
    {
        switch (historyEvent)
        {
            case ExecutionStartedEvent started when started.Tags is not null and not Dictionary<string, string>:
                started.Tags = CopyTags(started.Tags);
                break;
            case TaskScheduledEvent scheduled when scheduled.Tags is not null and not Dictionary<string, string>:
                scheduled.Tags = CopyTags(scheduled.Tags);
                break;
            case SubOrchestrationInstanceCreatedEvent created when created.Tags is not null and not Dictionary<string, string>:
                created.Tags = CopyTags(created.Tags);
                break;
        }
    }

    private static Dictionary<string, string>? CopyTags(IDictionary<string, string>? tags) =>
        tags is null ? null : new Dictionary<string, string>(tags, StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task StartAsync()
    {
        await _service.StartAsync();
        Interlocked.Exchange(ref _started, 1);
    }

    /// <inheritdoc />
    public Task StopAsync() => StopAsync(isForced: false);

    /// <inheritdoc />
    /// <remarks>
    /// The sidecar stops the service from an application-stopping callback, where an exception crashes
    /// the process. The Azure Storage service throws when stopped before it finished starting (its lease
    /// manager is not created yet: a host that fails at start or stops at once), so a service that never
    /// started is not stopped, and a stop that fails is given up: the leases expire on their own.
    /// </remarks>
    public async Task StopAsync(bool isForced)
    {
        if (Interlocked.Exchange(ref _started, 0) == 0)
        {
            return;
        }

        try
        {
            await _service.StopAsync(isForced);
        }
#pragma warning disable CA1031 // See the remarks: stopping must never crash the host.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <inheritdoc />
    public Task CreateAsync() => _service.CreateAsync();

    /// <inheritdoc />
    public Task CreateAsync(bool recreateInstanceStore) => _service.CreateAsync(recreateInstanceStore);

    /// <inheritdoc />
    public Task CreateIfNotExistsAsync() => _service.CreateIfNotExistsAsync();

    /// <inheritdoc />
    public Task DeleteAsync() => _service.DeleteAsync();

    /// <inheritdoc />
    public Task DeleteAsync(bool deleteInstanceStore) => _service.DeleteAsync(deleteInstanceStore);

    /// <inheritdoc />
    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) =>
        _service.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    /// <inheritdoc />
    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => _service.GetDelayInSecondsAfterOnProcessException(exception);

    /// <inheritdoc />
    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => _service.GetDelayInSecondsAfterOnFetchException(exception);

    /// <inheritdoc />
    public async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        (await _orchestrations.FetchAsync(() => _service.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken)!, cancellationToken))!;

    /// <inheritdoc />
    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => _service.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    /// <inheritdoc />
    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => _service.AbandonTaskOrchestrationWorkItemAsync(workItem);

    /// <inheritdoc />
    /// <remarks>The dispatcher releases every work item it locked, after completing or abandoning it: the slot is freed here.</remarks>
    public async Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        try
        {
            await _service.ReleaseTaskOrchestrationWorkItemAsync(workItem);
        }
        finally
        {
            _orchestrations.Release(workItem);
        }
    }

    /// <inheritdoc />
    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        (await _activities.FetchAsync(() => _service.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken)!, cancellationToken))!;

    /// <inheritdoc />
    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => _service.RenewTaskActivityWorkItemLockAsync(workItem);

    /// <inheritdoc />
    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        try
        {
            await _service.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);
        }
        finally
        {
            _activities.Release(workItem);
        }

        long activities = Work.ActivityCompleted();
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            LogActivity(_logger, Work.Host, (workItem?.TaskMessage?.Event as TaskScheduledEvent)?.Name ?? "activity", workItem?.TaskMessage?.OrchestrationInstance?.InstanceId, activities);
        }
    }

    /// <inheritdoc />
    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        try
        {
            await _service.AbandonTaskActivityWorkItemAsync(workItem);
        }
        finally
        {
            _activities.Release(workItem);
        }
    }

    /// <inheritdoc />
    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage)
    {
        NormaliseTags(creationMessage?.Event);
        return _client.CreateTaskOrchestrationAsync(creationMessage);
    }

    /// <inheritdoc />
    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage, OrchestrationStatus[] dedupeStatuses)
    {
        NormaliseTags(creationMessage?.Event);
        return _client.CreateTaskOrchestrationAsync(creationMessage, dedupeStatuses);
    }

    /// <inheritdoc />
    public Task SendTaskOrchestrationMessageAsync(TaskMessage message) => _client.SendTaskOrchestrationMessageAsync(message);

    /// <inheritdoc />
    public Task SendTaskOrchestrationMessageBatchAsync(params TaskMessage[] messages) => _client.SendTaskOrchestrationMessageBatchAsync(messages);

    /// <inheritdoc />
    public Task<OrchestrationState> WaitForOrchestrationAsync(string instanceId, string executionId, TimeSpan timeout, CancellationToken cancellationToken) =>
        _client.WaitForOrchestrationAsync(instanceId, executionId, timeout, cancellationToken);

    /// <inheritdoc />
    public Task ForceTerminateTaskOrchestrationAsync(string instanceId, string reason) => _client.ForceTerminateTaskOrchestrationAsync(instanceId, reason);

    /// <inheritdoc />
    public async Task<IList<OrchestrationState>> GetOrchestrationStateAsync(string instanceId, bool allExecutions)
    {
        IList<OrchestrationState> states = await _client.GetOrchestrationStateAsync(instanceId, allExecutions);
        for (int i = 0; i < (states?.Count ?? 0); i++)
        {
            states![i] = await RepairAsync(states[i]);
        }

        return states!;
    }

    /// <inheritdoc />
    public async Task<OrchestrationState> GetOrchestrationStateAsync(string instanceId, string executionId) =>
        await RepairAsync(await _client.GetOrchestrationStateAsync(instanceId, executionId));

    /// <inheritdoc />
    public Task<string> GetOrchestrationHistoryAsync(string instanceId, string executionId) => _client.GetOrchestrationHistoryAsync(instanceId, executionId);

    /// <inheritdoc />
    public Task PurgeOrchestrationHistoryAsync(DateTime thresholdDateTimeUtc, OrchestrationStateTimeRangeFilterType timeRangeFilterType) =>
        _client.PurgeOrchestrationHistoryAsync(thresholdDateTimeUtc, timeRangeFilterType);

    /// <inheritdoc />
    public async Task<OrchestrationQueryResult> GetOrchestrationWithQueryAsync(OrchestrationQuery query, CancellationToken cancellationToken)
    {
        if (_service is not IOrchestrationServiceQueryClient q)
        {
            throw new NotSupportedException($"{_service.GetType().Name} cannot query instances.");
        }

        OrchestrationQueryResult result = await q.GetOrchestrationWithQueryAsync(query, cancellationToken);
        foreach (OrchestrationState state in result.OrchestrationState ?? [])
        {
            await RepairAsync(state);
        }

        return result;
    }

    /// <summary>See <see cref="InstanceNameRepair"/>: a state row whose name the backend lost gets it back from the history.</summary>
    private Task<OrchestrationState> RepairAsync(OrchestrationState state) =>
        state is null ? Task.FromResult(state!) : InstanceNameRepair.RepairAsync(state, _client.GetOrchestrationHistoryAsync);

    /// <inheritdoc />
    public Task<PurgeResult> PurgeInstanceStateAsync(string instanceId) =>
        _service is IOrchestrationServicePurgeClient p
            ? p.PurgeInstanceStateAsync(instanceId)
            : throw new NotSupportedException($"{_service.GetType().Name} cannot purge instances.");

    /// <inheritdoc />
    public Task<PurgeResult> PurgeInstanceStateAsync(PurgeInstanceFilter purgeInstanceFilter) =>
        _service is IOrchestrationServicePurgeClient p
            ? p.PurgeInstanceStateAsync(purgeInstanceFilter)
            : throw new NotSupportedException($"{_service.GetType().Name} cannot purge instances.");

    /// <inheritdoc />
    public void Dispose()
    {
        _activities.Dispose();
        _orchestrations.Dispose();
        (_service as IDisposable)?.Dispose();
    }

    [LoggerMessage(EventId = 520, Level = LogLevel.Debug, Message = "Host {Host} completed activity {Activity} of {InstanceId} (activities done here: {Count})")]
    private static partial void LogActivity(ILogger logger, string host, string activity, string? instanceId, long count);

    [LoggerMessage(EventId = 521, Level = LogLevel.Debug, Message = "Host {Host} ran an episode of {InstanceId} (episodes done here: {Count})")]
    private static partial void LogEpisode(ILogger logger, string host, string instanceId, long count);
}
