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

    /// <summary>The S3-compatible endpoint behind <c>s3://</c> URIs (job packages, training files, checkpoints, adapters), as the platform reads the cloud's bucket.</summary>
    public EmulatorS3Options S3 { get; set; } = new();

    /// <summary>
    /// Whether <c>file://</c> URIs count as remote (a local cloud that shares this machine's disk: the embedded mode
    /// with the filesystem store). Default false: like the platform, only bucket URIs are remote.
    /// </summary>
    public bool AllowFileUris { get; set; }

    /// <summary>The project of jobs and services created without one (the platform's default project). Default <c>prj_emulator_default</c>.</summary>
    [Required]
    public string DefaultProjectId { get; set; } = EmulatorDefaults.ProjectId;

    /// <summary>The build of the LLM-Forge image (the only build that runs <c>llmforge</c>). Default <see cref="EmulatorDefaults.FineTuneBuildId"/>.</summary>
    [Required]
    public string FineTuneBuildId { get; set; } = EmulatorDefaults.FineTuneBuildId;

    /// <summary>The GPU compute config for fine-tuning. Default <see cref="EmulatorDefaults.FineTuneComputeConfigId"/>.</summary>
    [Required]
    public string FineTuneComputeConfigId { get; set; } = EmulatorDefaults.FineTuneComputeConfigId;

    /// <summary>The build of the Ray Serve LLM image. Default <see cref="EmulatorDefaults.ServingBuildId"/>.</summary>
    [Required]
    public string ServingBuildId { get; set; } = EmulatorDefaults.ServingBuildId;

    /// <summary>The compute config for serving. Default <see cref="EmulatorDefaults.ServingComputeConfigId"/>.</summary>
    [Required]
    public string ServingComputeConfigId { get; set; } = EmulatorDefaults.ServingComputeConfigId;

    /// <summary>Why a request's build or compute config does not exist on this platform, or null when both do.</summary>
    /// <param name="buildId">The build id.</param>
    /// <param name="computeConfigId">The compute config id.</param>
    public string? UnknownIdProblem(string? buildId, string? computeConfigId) =>
        buildId != FineTuneBuildId && buildId != ServingBuildId ? $"build {buildId} does not exist"
        : computeConfigId != FineTuneComputeConfigId && computeConfigId != ServingComputeConfigId ? $"compute config {computeConfigId} does not exist"
        : null;
}
