using System.ComponentModel.DataAnnotations;

namespace Feedback.Integrations.Anyscale;

/// <summary>How to reach Anyscale (section <c>Anyscale</c>). The token is a secret: configuration or a secret store only.</summary>
public sealed class AnyscaleOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Anyscale";

    /// <summary>The API base URL: https, or http on loopback (the emulator). Default <c>https://console.anyscale.com</c>.</summary>
    [Required]
    public string BaseUrl { get; set; } = "https://console.anyscale.com";

    /// <summary>The platform API token (ANYSCALE_CLI_TOKEN). Required; never logged.</summary>
    [Required]
    [MinLength(8)]
    public string Token { get; set; } = string.Empty;

    /// <summary>The project jobs and services belong to (<c>prj_…</c>). Optional: the platform then uses the default project.</summary>
    public string? ProjectId { get; set; }

    /// <summary>
    /// The build (image) fine-tuning jobs run on: an LLM-Forge image (<c>bld_…</c>; the id, not the image URI). Required:
    /// the platform refuses a job without one.
    /// </summary>
    [Required(ErrorMessage = "Anyscale:FineTuneBuildId is required: the id (bld_…) of the LLM-Forge image's build that fine-tuning jobs run on.")]
    public string FineTuneBuildId { get; set; } = string.Empty;

    /// <summary>The compute config of fine-tuning jobs: GPU workers (<c>cpt_…</c>; the id, not the name). Required.</summary>
    [Required(ErrorMessage = "Anyscale:FineTuneComputeConfigId is required: the id (cpt_…) of the GPU compute config fine-tuning jobs run on.")]
    public string FineTuneComputeConfigId { get; set; } = string.Empty;

    /// <summary>The build (image) the service runs on: a Ray Serve LLM image (<c>bld_…</c>). Required: the platform refuses a service without one.</summary>
    [Required(ErrorMessage = "Anyscale:ServingBuildId is required: the id (bld_…) of the Ray Serve LLM image's build the service runs on.")]
    public string ServingBuildId { get; set; } = string.Empty;

    /// <summary>The compute config of the service (<c>cpt_…</c>). Required.</summary>
    [Required(ErrorMessage = "Anyscale:ServingComputeConfigId is required: the id (cpt_…) of the compute config the service runs on.")]
    public string ServingComputeConfigId { get; set; } = string.Empty;

    /// <summary>Timeout of one attempt of one call. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of a failed idempotent call (429, 5xx, timeouts), with exponential backoff and jitter. Default 4.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 4;

    /// <summary>First retry delay. Default 500 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SecureUrl.Problem(BaseUrl, "Anyscale:BaseUrl") is { } problem)
        {
            yield return new ValidationResult(problem, [nameof(BaseUrl)]);
        }

        foreach ((string name, string? value) in new[]
        {
            (nameof(FineTuneBuildId), FineTuneBuildId), (nameof(FineTuneComputeConfigId), FineTuneComputeConfigId),
            (nameof(ServingBuildId), ServingBuildId), (nameof(ServingComputeConfigId), ServingComputeConfigId), (nameof(ProjectId), ProjectId),
        })
        {
            if (value is { Length: > 0 } && value.Any(c => char.IsWhiteSpace(c) || c is '/' or ':'))
            {
                yield return new ValidationResult($"Anyscale:{name} must be an id such as bld_… or cpt_…, not a name or an image URI: '{value}'.", [name]);
            }
        }
    }
}
