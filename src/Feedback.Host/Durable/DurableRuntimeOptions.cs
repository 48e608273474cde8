using System.ComponentModel.DataAnnotations;

namespace Feedback.Host.Durable;

/// <summary>
/// Options of the self-hosted durable runtime, section <c>Durable</c> (environment:
/// <c>Durable__Backend</c>, ...). Validated at start.
/// </summary>
public sealed class DurableRuntimeOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Durable";

    /// <summary>The backend. Default <see cref="DurableBackend.InMemory"/>.</summary>
    public DurableBackend Backend { get; set; } = DurableBackend.InMemory;

    /// <summary>
    /// The Azure Storage connection string of the <see cref="DurableBackend.AzureStorage"/> backend.
    /// Defaults to the <c>AzureWebJobsStorage</c> setting, as in the Functions app. A secret: never logged.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The task hub: tables, queues and blob containers are named after it. Default <c>FeedbackLoop</c> (the same as host.json).</summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,44}$", ErrorMessage = "A task hub name is 3 to 45 letters and digits, starting with a letter.")]
    public string TaskHubName { get; set; } = "FeedbackLoop";

    /// <summary>The longest wait between polls of an empty queue. Default 1 s (responsive local runs; raise it to cut storage transactions).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long an activity's queue message stays invisible while it runs. Activity locks are not
    /// renewed by the sidecar, so this must exceed the longest activity. Default 10 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "07:00:00")]
    public TimeSpan WorkItemQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long an orchestration's control-queue messages stay invisible while a host works on them.
    /// A host killed mid-episode delays its orchestrations by up to this much before another host (or
    /// the restarted one) takes them. Default 5 minutes, the backend's own.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Activities run at once by this host. Default 16.</summary>
    [Range(1, 1000)]
    public int MaxConcurrentActivities { get; set; } = 16;

    /// <summary>Orchestration episodes run at once by this host. Default 16.</summary>
    [Range(1, 1000)]
    public int MaxConcurrentOrchestrations { get; set; } = 16;

    /// <summary>Control-queue partitions of the Azure Storage backend (fixed once a task hub exists). Default 4.</summary>
    [Range(1, 16)]
    public int PartitionCount { get; set; } = 4;

    /// <summary>The loopback port of the gRPC sidecar; 0 lets the system choose one when the sidecar binds. Default 0.</summary>
    [Range(0, 65535)]
    public int SidecarPort { get; set; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Backend == DurableBackend.AzureStorage && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult(
                "The AzureStorage backend needs a connection string: set Durable:ConnectionString or AzureWebJobsStorage " +
                "(UseDevelopmentStorage=true for Azurite).",
                [nameof(ConnectionString)]);
        }
    }
}
