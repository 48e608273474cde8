using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Http.Json;
using Feedback.Pipeline.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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

    /// <summary>The allowed hosts: <see cref="AllowedHosts"/>, or <c>hooks.slack.com</c> when none are configured.</summary>
    public IReadOnlyList<string> EffectiveAllowedHosts => AllowedHosts.Count > 0 ? AllowedHosts : ["hooks.slack.com"];

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
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

/// <summary>
/// Posts notifications to a Slack incoming webhook as Block Kit: a header, the summary, the figures
/// as fields, and a button to the report. Alerts are marked so they stand out.
/// </summary>
/// <param name="httpFactory">Creates the named <c>slack</c> client (standard resilience).</param>
/// <param name="options">The Slack options.</param>
public sealed class SlackNotifier(IHttpClientFactory httpFactory, IOptions<SlackOptions> options) : INotifier
{
    /// <summary>The name of the HTTP client.</summary>
    public const string HttpClientName = "slack";

    /// <summary>
    /// Marks requests whose URL is a secret (the webhook): HTTP logging is removed from the client and
    /// tracing skips requests carrying this option, so the URL never reaches logs or telemetry.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> SecretUrl = new("feedback.secret-url");

    /// <inheritdoc />
    public async Task NotifyAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        HttpClient http = httpFactory.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.Value.WebhookUrl!)) { Content = JsonContent.Create(BlockKit(notification)) };
        request.Options.Set(SecretUrl, true);
        using HttpResponseMessage response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            string body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"Slack refused the notification ({(int)response.StatusCode}): {body}", null, response.StatusCode);
        }
    }

    /// <summary>The Block Kit payload of a notification.</summary>
    /// <param name="notification">The notification.</param>
    public static object BlockKit(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        string marker = notification.Level == NotificationLevel.Alert ? ":rotating_light:" : ":white_check_mark:";
        var blocks = new List<object>
        {
            new { type = "header", text = new { type = "plain_text", text = $"{notification.Title}", emoji = true } },
            new { type = "section", text = new { type = "mrkdwn", text = $"{marker} {Escape(notification.Summary)}" } },
        };
        foreach (KeyValuePair<string, string>[] chunk in notification.Facts.Chunk(10))
        {
            blocks.Add(new { type = "section", fields = chunk.Select(f => new { type = "mrkdwn", text = $"*{Escape(f.Key)}*\n{Escape(f.Value)}" }).ToArray() });
        }

        if (notification.Link is not null)
        {
            blocks.Add(new
            {
                type = "actions",
                elements = new[] { new { type = "button", text = new { type = "plain_text", text = "Open the report" }, url = notification.Link.ToString() } },
            });
        }

        return new { text = $"{notification.Title}: {notification.Summary}", blocks };
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}

/// <summary>The notifier when no Slack webhook is configured: notifications go to the log.</summary>
/// <param name="logger">The logger.</param>
public sealed partial class LogNotifier(ILogger<LogNotifier> logger) : INotifier
{
    /// <inheritdoc />
    public Task NotifyAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        string facts = string.Join(", ", notification.Facts.Select(f => $"{f.Key}: {f.Value}"));
        if (notification.Level == NotificationLevel.Alert)
        {
            LogAlert(logger, notification.Title, notification.Summary, facts);
        }
        else
        {
            LogInfo(logger, notification.Title, notification.Summary, facts);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 700, Level = LogLevel.Warning, Message = "ALERT {Title}: {Summary} ({Facts})")]
    private static partial void LogAlert(ILogger logger, string title, string summary, string facts);

    [LoggerMessage(EventId = 701, Level = LogLevel.Information, Message = "{Title}: {Summary} ({Facts})")]
    private static partial void LogInfo(ILogger logger, string title, string summary, string facts);
}
