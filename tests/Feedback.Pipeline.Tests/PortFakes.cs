using System.Collections.Concurrent;
using Feedback.Pipeline.Ports;

namespace Feedback.Pipeline.Tests;

/// <summary>The event queue as a list of what was sent.</summary>
internal sealed class RecordingEventQueue : IEventQueueClient
{
    public ConcurrentQueue<(string Queue, string Body)> Sent { get; } = new();

    public Task SendAsync(string queue, string body, CancellationToken cancellationToken = default)
    {
        Sent.Enqueue((queue, body));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<QueuedMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<QueuedMessage>>([]);

    public Task DeleteAsync(QueuedMessage message, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<IReadOnlyList<string>> PeekAsync(string queue, int maxMessages, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>([.. Sent.Where(m => m.Queue == queue).Select(m => m.Body)]);
}

/// <summary>The metrics sink as a list of what was recorded; <see cref="Down"/> makes every call fail, like an unreachable warehouse.</summary>
internal sealed class RecordingMetricsSink : IMetricsSink
{
    public bool Down { get; set; }

    public ConcurrentQueue<DataUpdateMetrics> DataUpdates { get; } = new();

    public Task RecordDataUpdateAsync(DataUpdateMetrics metrics, CancellationToken cancellationToken = default)
    {
        if (Down)
        {
            throw new HttpRequestException("The metrics warehouse does not answer.");
        }

        DataUpdates.Enqueue(metrics);
        return Task.CompletedTask;
    }

    public Task RecordStructuringAsync(StructuringSummary summary, CancellationToken cancellationToken = default) =>
        Down ? throw new HttpRequestException("The metrics warehouse does not answer.") : Task.CompletedTask;
}

/// <summary>The notifier as a list of what was sent.</summary>
internal sealed class RecordingNotifier : INotifier
{
    public ConcurrentQueue<Notification> Sent { get; } = new();

    public Task NotifyAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        Sent.Enqueue(notification);
        return Task.CompletedTask;
    }
}
