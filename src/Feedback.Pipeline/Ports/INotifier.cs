namespace Feedback.Pipeline.Ports;

/// <summary>The notifier port: Slack in production, the log when no webhook is configured.</summary>
public interface INotifier
{
    /// <summary>Sends a notification.</summary>
    /// <param name="notification">The message.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task NotifyAsync(Notification notification, CancellationToken cancellationToken = default);
}
