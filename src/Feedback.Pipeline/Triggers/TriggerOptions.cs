using System.ComponentModel.DataAnnotations;

namespace Feedback.Pipeline.Triggers;

/// <summary>
/// Which orchestrations the triggers start, section <c>Triggers</c>; the same keys configure the
/// Functions app (local.settings.json <c>Values</c>: <c>Triggers__Schedule__Orchestration</c>, ...)
/// and the self-hosted runtime. A trigger with no orchestration is off.
/// </summary>
public sealed class TriggerOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Triggers";

    /// <summary>The timer trigger.</summary>
    [Required]
    public ScheduleTriggerOptions Schedule { get; set; } = new();

    /// <summary>The queue trigger.</summary>
    [Required]
    public QueueTriggerOptions Queue { get; set; } = new();

    /// <summary>The blob-arrival trigger.</summary>
    [Required]
    public BlobTriggerOptions Blob { get; set; } = new();

    /// <summary>The Functions app's poll of the object store for waiting source objects.</summary>
    public SourcePollTriggerOptions SourcePoll { get; set; } = new();

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsKnownOrNone(Schedule?.Orchestration) || !IsKnownOrNone(Queue?.Orchestration) || !IsKnownOrNone(Blob?.Orchestration) || !IsKnownOrNone(SourcePoll?.Orchestration))
        {
            yield return new ValidationResult("Every trigger's orchestration must be one of the pipeline's orchestrations, or empty.");
        }

        if (Schedule is not null && !CronSchedule.IsValid(Schedule.Cron))
        {
            yield return new ValidationResult("Triggers:Schedule:Cron must be a six-field cron expression (seconds first).");
        }

        if (SourcePoll is not null && !CronSchedule.IsValid(SourcePoll.Cron))
        {
            yield return new ValidationResult("Triggers:SourcePoll:Cron must be a six-field cron expression (seconds first).");
        }

        foreach ((string name, object? trigger) in new (string, object?)[] { (nameof(Schedule), Schedule), (nameof(Queue), Queue), (nameof(Blob), Blob), (nameof(SourcePoll), SourcePoll) })
        {
            if (trigger is null)
            {
                continue;
            }

            var results = new List<ValidationResult>();
            Validator.TryValidateObject(trigger, new ValidationContext(trigger), results, validateAllProperties: true);
            foreach (ValidationResult result in results)
            {
                yield return new ValidationResult($"{Section}:{name}: {result.ErrorMessage}", result.MemberNames.Select(m => $"{name}.{m}"));
            }
        }
    }

    private static bool IsKnownOrNone(string? orchestration) =>
        string.IsNullOrWhiteSpace(orchestration) || PipelineTasks.OrchestrationNames.Contains(orchestration);
}

/// <summary>The timer trigger: starts an orchestration on a cron schedule.</summary>
public sealed class ScheduleTriggerOptions
{
    /// <summary>The orchestration to start, or empty for none. Default <c>DataUpdateOrchestration</c>.</summary>
    public string? Orchestration { get; set; } = "DataUpdateOrchestration";

    /// <summary>A six-field cron expression with seconds, UTC, as Functions timer triggers use. Default hourly: <c>0 0 * * * *</c>.</summary>
    [Required]
    public string Cron { get; set; } = "0 0 * * * *";

    /// <summary>
    /// A fixed instance id that makes the orchestration a singleton (a start while it runs is not a
    /// second run); empty for one instance per occurrence. Default <c>DataUpdate</c>.
    /// </summary>
    public string? InstanceId { get; set; } = "DataUpdate";
}

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

/// <summary>The blob-arrival trigger: each new object under a prefix starts one orchestration.</summary>
public sealed class BlobTriggerOptions
{
    /// <summary>The orchestration to start, or empty for none. Default <c>DataUpdateOrchestration</c>.</summary>
    public string? Orchestration { get; set; } = "DataUpdateOrchestration";

    /// <summary>
    /// A fixed instance id that makes the orchestration a singleton: new objects start it unless it
    /// runs (then a later poll starts it); empty for one instance per object. Default <c>DataUpdate</c>.
    /// </summary>
    public string? InstanceId { get; set; } = "DataUpdate";

    /// <summary>The blob container watched by the Functions app (the self-hosted runtime watches its object store). Default <c>feedback</c>.</summary>
    [Required]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", ErrorMessage = "A container name is 3 to 63 lower-case letters, digits and single dashes.")]
    public string Container { get; set; } = "feedback";

    /// <summary>The key prefix watched. Default <c>sources/</c>.</summary>
    [Required]
    public string Prefix { get; set; } = "sources/";

    /// <summary>The wait between listings. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollingInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// For a singleton: listings in a row that must find the same new objects before a run starts, so
    /// exports uploaded together (one after another) make one run, not one per object. 0 starts at the
    /// first listing that finds one. Default 0.
    /// </summary>
    [Range(0, 100)]
    public int SettlePolls { get; set; }
}
