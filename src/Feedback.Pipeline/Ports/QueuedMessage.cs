namespace Feedback.Pipeline.Ports;

/// <summary>A message taken from a queue; invisible to other readers until its visibility timeout passes or it is deleted.</summary>
/// <param name="Queue">The queue it came from.</param>
/// <param name="MessageId">The queue's id of the message (stable across deliveries).</param>
/// <param name="Receipt">The receipt that proves this delivery, needed to delete it.</param>
/// <param name="Body">The message text.</param>
/// <param name="DequeueCount">How many times the message has been delivered, this delivery included.</param>
public sealed record QueuedMessage(string Queue, string MessageId, string Receipt, string Body, long DequeueCount);
