namespace Feedback.Pipeline.Ports;

/// <summary>
/// The event queue port (Azure Storage queues in production, Azurite in tests, an in-process
/// queue when embedded). At-least-once: a message not deleted becomes visible again.
/// </summary>
public interface IEventQueueClient
{
    /// <summary>Adds a message to a queue, creating the queue if needed.</summary>
    /// <param name="queue">The queue name (lower case letters, digits and dashes).</param>
    /// <param name="body">The message text.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task SendAsync(string queue, string body, CancellationToken cancellationToken = default);

    /// <summary>Takes up to <paramref name="maxMessages"/> visible messages and hides them for <paramref name="visibilityTimeout"/>.</summary>
    /// <param name="queue">The queue name.</param>
    /// <param name="maxMessages">The most messages to take (1 to 32).</param>
    /// <param name="visibilityTimeout">How long the messages stay hidden.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<QueuedMessage>> ReceiveAsync(string queue, int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default);

    /// <summary>Deletes a delivered message; it will not be delivered again.</summary>
    /// <param name="message">The delivery to delete.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task DeleteAsync(QueuedMessage message, CancellationToken cancellationToken = default);

    /// <summary>Reads up to <paramref name="maxMessages"/> visible messages without taking them.</summary>
    /// <param name="queue">The queue name.</param>
    /// <param name="maxMessages">The most messages to read (1 to 32).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<string>> PeekAsync(string queue, int maxMessages, CancellationToken cancellationToken = default);
}
