using System.ComponentModel.DataAnnotations;

namespace Feedback.Integrations.Snowflake;

/// <summary>Snowflake's SQL API v2 with key-pair authentication, section <c>Snowflake</c>. Validated at start when Snowflake is the metrics sink.</summary>
public sealed class SnowflakeOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Snowflake";

    /// <summary>The account URL, e.g. <c>https://myorg-myaccount.snowflakecomputing.com</c>.</summary>
    [Required]
    public Uri? AccountUrl { get; set; }

    /// <summary>The account identifier (e.g. <c>MYORG-MYACCOUNT</c>, or a locator like <c>xy12345.us-east-1</c>); the JWT uses it upper-cased, without the region.</summary>
    [Required]
    public string Account { get; set; } = string.Empty;

    /// <summary>The user the public key is registered to.</summary>
    [Required]
    public string User { get; set; } = string.Empty;

    /// <summary>The RSA private key, PEM (PKCS#8 or PKCS#1). A secret: never logged. Either this or <see cref="PrivateKeyPath"/>.</summary>
    public string? PrivateKeyPem { get; set; }

    /// <summary>A file holding the PEM private key. Either this or <see cref="PrivateKeyPem"/>.</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>The database of the metrics tables.</summary>
    [Required]
    public string Database { get; set; } = "FEEDBACK";

    /// <summary>The schema of the metrics tables.</summary>
    [Required]
    public string Schema { get; set; } = "METRICS";

    /// <summary>The warehouse statements run on; empty for the user's default.</summary>
    public string? Warehouse { get; set; }

    /// <summary>The role statements run as; empty for the user's default.</summary>
    public string? Role { get; set; }

    /// <summary>The longest a statement may run, in seconds (sent as <c>timeout</c> and used as the polling deadline). Default 120.</summary>
    [Range(1, 3600)]
    public int StatementTimeoutSeconds { get; set; } = 120;

    /// <summary>The wait between polls of an asynchronous statement. Default 500 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(PrivateKeyPem) == string.IsNullOrWhiteSpace(PrivateKeyPath))
        {
            yield return new ValidationResult("Set exactly one of Snowflake:PrivateKeyPem and Snowflake:PrivateKeyPath.", [nameof(PrivateKeyPem), nameof(PrivateKeyPath)]);
        }

        if (AccountUrl is not null && SecureUrl.Problem(AccountUrl.ToString(), "Snowflake:AccountUrl") is { } problem)
        {
            yield return new ValidationResult(problem, [nameof(AccountUrl)]);
        }
    }
}
