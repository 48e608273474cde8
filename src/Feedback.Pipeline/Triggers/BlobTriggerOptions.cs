using System.ComponentModel.DataAnnotations;

namespace Feedback.Pipeline.Triggers;

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
