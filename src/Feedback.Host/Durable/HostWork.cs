using System.Globalization;

namespace Feedback.Host.Durable;

/// <summary>
/// The work this host did on the task hub since it started: activity work items completed and orchestration episodes
/// run. Several hosts on one task hub share the work; each reports its own share (health route, debug log).
/// </summary>
public sealed class HostWork
{
    private long _activities;
    private long _episodes;

    /// <summary>This host: machine name and process id.</summary>
    public string Host { get; } = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}");

    /// <summary>Activity work items this host completed.</summary>
    public long ActivitiesCompleted => Interlocked.Read(ref _activities);

    /// <summary>Orchestration episodes this host ran.</summary>
    public long OrchestrationEpisodes => Interlocked.Read(ref _episodes);

    /// <summary>Counts a completed activity work item; returns the new count.</summary>
    public long ActivityCompleted() => Interlocked.Increment(ref _activities);

    /// <summary>Counts an orchestration episode; returns the new count.</summary>
    public long EpisodeCompleted() => Interlocked.Increment(ref _episodes);
}
