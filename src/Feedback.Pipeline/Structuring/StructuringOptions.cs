using System.ComponentModel.DataAnnotations;

namespace Feedback.Pipeline.Structuring;

/// <summary>Structuring feedback with the champion, section <c>Structuring</c>. Validated at start.</summary>
public sealed class StructuringOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Structuring";

    /// <summary>The most texts one structuring request may carry. Default 32.</summary>
    [Range(1, 1000)]
    public int MaxBatchItems { get; set; } = 32;

    /// <summary>Model calls one structuring request makes at once. Default 8.</summary>
    [Range(1, 256)]
    public int RequestConcurrency { get; set; } = 8;

    /// <summary>Unlabelled records per batch activity when a new dataset version is structured. Default 50.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 50;

    /// <summary>Batch activities running at once when a new dataset version is structured. Default 4.</summary>
    [Range(1, 64)]
    public int Parallelism { get; set; } = 4;

    /// <summary>How long the structuring API reuses the champion it read from the registry. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ChampionCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether each new dataset version's unlabelled records are structured by the champion. Default true.</summary>
    public bool StructureNewVersions { get; set; } = true;
}
