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

    /// <summary>The project jobs and services belong to. Optional.</summary>
    public string? ProjectId { get; set; }

    /// <summary>The compute config of jobs and services. Optional.</summary>
    public string? ComputeConfigId { get; set; }

    /// <summary>The cluster environment build. Optional.</summary>
    public string? BuildId { get; set; }

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
    }
}
