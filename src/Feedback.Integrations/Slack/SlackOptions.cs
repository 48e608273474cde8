using System.ComponentModel.DataAnnotations;

namespace Feedback.Integrations.Slack;

/// <summary>Slack, section <c>Slack</c>. Validated at start.</summary>
public sealed class SlackOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Slack";

    /// <summary>The incoming webhook URL. A secret: never logged. Empty: notifications go to the log only.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>Hosts the webhook may point at. Default <c>hooks.slack.com</c>.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>
    /// The public address of the host whose report route (<c>/api/reports/{instance}/report.html</c>) serves the
    /// reports, for the message's "Open the report" button. Empty: a time-limited link from the object store (an S3
    /// presigned URL, <see cref="ReportLinkLifetime"/>), or no button when the store cannot share (the filesystem).
    /// </summary>
    public string? ReportBaseUrl { get; set; }

    /// <summary>How long a time-limited report link works. Default 7 days (the longest an S3 presigned URL may live).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan ReportLinkLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The allowed hosts: <see cref="AllowedHosts"/>, or <c>hooks.slack.com</c> when none are configured.</summary>
    public IReadOnlyList<string> EffectiveAllowedHosts => AllowedHosts.Count > 0 ? AllowedHosts : ["hooks.slack.com"];

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(ReportBaseUrl) && (!Uri.TryCreate(ReportBaseUrl, UriKind.Absolute, out Uri? reports) || reports.Scheme is not ("https" or "http")))
        {
            yield return new ValidationResult($"Slack:ReportBaseUrl must be an absolute http(s) URL, not '{ReportBaseUrl}'.", [nameof(ReportBaseUrl)]);
        }

        if (string.IsNullOrWhiteSpace(WebhookUrl))
        {
            yield break;
        }

        if (!Uri.TryCreate(WebhookUrl, UriKind.Absolute, out Uri? url))
        {
            yield return new ValidationResult("Slack:WebhookUrl is not an absolute URL.", [nameof(WebhookUrl)]);
            yield break;
        }

        // Plain http only to this machine (a local listener in tests); a real webhook carries a secret path.
        if (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && url.IsLoopback))
        {
            yield return new ValidationResult("Slack:WebhookUrl must use https.", [nameof(WebhookUrl)]);
        }

        if (!url.IsLoopback && !EffectiveAllowedHosts.Contains(url.Host, StringComparer.OrdinalIgnoreCase))
        {
            yield return new ValidationResult($"Slack:WebhookUrl points at '{url.Host}', which is not in Slack:AllowedHosts.", [nameof(WebhookUrl)]);
        }
    }
}
