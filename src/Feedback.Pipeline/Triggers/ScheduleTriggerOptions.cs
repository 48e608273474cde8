using System.ComponentModel.DataAnnotations;

namespace Feedback.Pipeline.Triggers;

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
