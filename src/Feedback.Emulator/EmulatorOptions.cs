using System.ComponentModel.DataAnnotations;

namespace Feedback.Emulator;

/// <summary>Settings of the local Anyscale-compatible emulator (section <c>Emulator</c>).</summary>
public sealed class EmulatorOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Emulator";

    /// <summary>The platform API token clients must send as a bearer token. Default <c>emulator-token</c>.</summary>
    [Required]
    [MinLength(8)]
    public string Token { get; set; } = "emulator-token";

    /// <summary>Where fine-tuned model artifacts are written. Default <c>./.run/emulator-artifacts</c>.</summary>
    [Required]
    public string ArtifactsRoot { get; set; } = Path.Combine(".run", "emulator-artifacts");

    /// <summary>Time a job spends in each of PENDING and RUNNING before training finishes. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan JobStepDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Time a service version spends STARTING. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ServiceStartDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The share of invalid training rows above which a fine-tune fails. Default 0.1.</summary>
    [Range(0.0, 1.0)]
    public double MaxInvalidRowShare { get; set; } = 0.1;
}
