using System.ComponentModel.DataAnnotations;

namespace Feedback.Pipeline.Triggers;

/// <summary>
/// The Functions app's source poll: on a cron schedule it asks the object store whether source objects are waiting
/// (under the data update's source prefixes, not yet in the ledger) and, if so, starts the orchestration. It is how an
/// export landing in the store (S3) starts a data update in Azure, where the blob trigger only sees the storage
/// account's container. The self-hosted runtime's blob-arrival trigger lists the store itself.
/// </summary>
public sealed class SourcePollTriggerOptions
{
    /// <summary>The orchestration to start, or empty for none. Default <c>DataUpdateOrchestration</c>.</summary>
    public string? Orchestration { get; set; } = "DataUpdateOrchestration";

    /// <summary>A six-field cron expression with seconds, UTC. Default every minute: <c>0 * * * * *</c>.</summary>
    [Required]
    public string Cron { get; set; } = "0 * * * * *";

    /// <summary>The singleton's instance id: a poll while a run is going starts nothing (the next poll will). Default <c>DataUpdate</c>.</summary>
    [Required]
    public string InstanceId { get; set; } = "DataUpdate";
}
