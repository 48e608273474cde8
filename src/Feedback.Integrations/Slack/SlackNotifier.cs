using System.Net.Http.Json;
using Feedback.Pipeline.Ports;
using Microsoft.Extensions.Options;

namespace Feedback.Integrations.Slack;

/// <summary>
/// Posts notifications to a Slack incoming webhook as Block Kit: a header, the summary, the figures
/// as fields, and a button that opens the report. Alerts are marked so they stand out. Text is escaped as
/// Slack's mrkdwn defines it: only <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c>.
/// </summary>
/// <param name="httpFactory">Creates the named <c>slack</c> client (standard resilience).</param>
/// <param name="options">The Slack options.</param>
/// <param name="stores">The object store, when one is registered (for time-limited report links).</param>
public sealed class SlackNotifier(IHttpClientFactory httpFactory, IOptions<SlackOptions> options, IEnumerable<IObjectStore> stores) : INotifier
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
        Notification linked = notification.Link is null && notification.ReportKey is { } key ? notification with { Link = ReportLink(key) } : notification;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.Value.WebhookUrl!)) { Content = JsonContent.Create(BlockKit(linked)) };
        request.Options.Set(SecretUrl, true);
        using HttpResponseMessage response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            string body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"Slack refused the notification ({(int)response.StatusCode}): {body}", null, response.StatusCode);
        }
    }

    /// <summary>
    /// A link to the report that opens in a browser: the report route under <see cref="SlackOptions.ReportBaseUrl"/>, else
    /// a time-limited link from the store, else null. It goes to Slack only: never into the orchestration's history.
    /// </summary>
    /// <param name="reportKey">The report's key (<c>reports/{instance}/report.html</c>).</param>
    public Uri? ReportLink(string reportKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reportKey);
        SlackOptions o = options.Value;
        if (!string.IsNullOrWhiteSpace(o.ReportBaseUrl))
        {
            return new Uri(new Uri(o.ReportBaseUrl.TrimEnd('/') + "/"), "api/" + reportKey);
        }

        return stores.FirstOrDefault()?.ShareLink(reportKey, o.ReportLinkLifetime);
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

        return new { text = Escape($"{notification.Title}: {notification.Summary}"), blocks };
    }

    /// <summary>Escapes text for Slack's mrkdwn: <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c>, nothing else.</summary>
    /// <param name="text">The text.</param>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
    }
}
