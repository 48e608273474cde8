using System.ComponentModel.DataAnnotations;

namespace Feedback.Pipeline.Triggers;

/// <summary>The queue trigger: each message starts an orchestration with the message as input.</summary>
public sealed class QueueTriggerOptions
{
    /// <summary>The orchestration to start, or empty for none. Default none.</summary>
    public string? Orchestration { get; set; }

    /// <summary>The queue to read. Default <c>data-transformed</c>.</summary>
    [Required]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", ErrorMessage = "A queue name is 3 to 63 lower-case letters, digits and single dashes.")]
    public string QueueName { get; set; } = "data-transformed";

    /// <summary>How long a taken message stays hidden before it is delivered again. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "07:00:00")]
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Deliveries before a failing message moves to the poison queue (<c>{queue}-poison</c>). Default 5, as in Functions.</summary>
    [Range(1, 100)]
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>The wait between polls of an empty queue. Default 2 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollingInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The poison queue's name.</summary>
    public string PoisonQueueName => $"{QueueName}-poison";
}
