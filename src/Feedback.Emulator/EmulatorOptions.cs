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

    /// <summary>Where jobs whose working directory is <c>s3://bucket/prefix</c> read it from (as the platform reads a cloud bucket).</summary>
    public EmulatorS3Options S3 { get; set; } = new();
}

/// <summary>The S3-compatible endpoint the emulator reads <c>s3://</c> working directories from, section <c>Emulator:S3</c>.</summary>
public sealed class EmulatorS3Options
{
    /// <summary>The endpoint (e.g. s3rver's); null for none, and jobs with an <c>s3://</c> working directory fail with a clear error.</summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>The access key; the SDK's default credentials when empty.</summary>
    public string? AccessKey { get; set; }

    /// <summary>The secret key.</summary>
    public string? SecretKey { get; set; }

    /// <summary>The signing region. Default <c>us-east-1</c>.</summary>
    public string Region { get; set; } = "us-east-1";
}
