using Feedback.Pipeline.Ports;
using Microsoft.Extensions.Logging;

namespace Feedback.Integrations.Slack;

/// <summary>The notifier when no Slack webhook is configured: notifications go to the log.</summary>
/// <param name="logger">The logger.</param>
public sealed partial class LogNotifier(ILogger<LogNotifier> logger) : INotifier
{
    /// <inheritdoc />
    public Task NotifyAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        string facts = string.Join(", ", notification.Facts.Select(f => $"{f.Key}: {f.Value}")
            .Concat(notification.ReportKey is { } report ? [$"report: {report}"] : []));
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
