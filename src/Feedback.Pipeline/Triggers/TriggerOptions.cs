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
