using Feedback.Pipeline.Ports;

namespace Feedback.Integrations.Queues;

/// <summary>
/// The event queue inside the process (the embedded default), with the contract of a storage
/// queue: a taken message is hidden for its visibility timeout and delivered again unless deleted,
/// and each delivery counts. Nothing survives a restart.
/// </summary>
/// <param name="time">The clock visibility timeouts run on.</param>
public sealed class InProcessEventQueueClient(TimeProvider time) : IEventQueueClient
{
    private sealed class Entry(string id, string body)
    {
        public string Id { get; } = id;
        public string Body { get; } = body;
        public long DequeueCount { get; set; }
        public DateTimeOffset VisibleAt { get; set; }
        public string Receipt { get; set; } = string.Empty;
    }

    private readonly Dictionary<string, List<Entry>> _queues = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public Task SendAsync(string queue, string body, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            Queue(queue).Add(new Entry(Guid.NewGuid().ToString(), body) { VisibleAt = time.GetUtcNow() });
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<QueuedMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        DateTimeOffset now = time.GetUtcNow();
        var taken = new List<QueuedMessage>();
        lock (_gate)
        {
            foreach (Entry entry in Queue(queue).Where(e => e.VisibleAt <= now).Take(Math.Clamp(maxMessages, 1, 32)))
            {
                entry.DequeueCount++;
                entry.VisibleAt = now + visibilityTimeout;
                entry.Receipt = Guid.NewGuid().ToString("N");
                taken.Add(new QueuedMessage(queue, entry.Id, entry.Receipt, entry.Body, entry.DequeueCount));
            }
        }

        return Task.FromResult<IReadOnlyList<QueuedMessage>>(taken);
    }

    /// <inheritdoc />
    public Task DeleteAsync(QueuedMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            Queue(message.Queue).RemoveAll(e => e.Id == message.MessageId && e.Receipt == message.Receipt);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> PeekAsync(string queue, int maxMessages, CancellationToken cancellationToken = default)
    {
        DateTimeOffset now = time.GetUtcNow();
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<string>>(
                Queue(queue).Where(e => e.VisibleAt <= now).Take(Math.Clamp(maxMessages, 1, 32)).Select(e => e.Body).ToList());
        }
    }

    private List<Entry> Queue(string name)
    {
        if (!_queues.TryGetValue(name, out List<Entry>? entries))
        {
            entries = [];
            _queues[name] = entries;
        }

        return entries;
    }
}
