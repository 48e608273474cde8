namespace Feedback.Pipeline.Ports;

/// <summary>How loud a notification is.</summary>
public enum NotificationLevel
{
    /// <summary>Good news: a promotion, a new version.</summary>
    Info,

    /// <summary>Someone should look: a rejection, a failure, a timeout.</summary>
    Alert,
}

/// <summary>A message for the team.</summary>
/// <param name="Level">How loud.</param>
/// <param name="Title">One line.</param>
/// <param name="Summary">A few sentences.</param>
/// <param name="Facts">Figures as label/value pairs, in order.</param>
/// <param name="Link">Where to read more, if any.</param>
/// <param name="ReportKey">
/// The report's key in the object store, if the notification has one: the notifier turns it into a link the
/// reader can open (the report route of the host, or a time-limited URL), never a bare key.
/// </param>
public sealed record Notification(
    NotificationLevel Level,
    string Title,
    string Summary,
    IReadOnlyList<KeyValuePair<string, string>> Facts,
    Uri? Link = null,
    string? ReportKey = null);

/// <summary>The notifier port: Slack in production, the log when no webhook is configured.</summary>
public interface INotifier
{
    /// <summary>Sends a notification.</summary>
    /// <param name="notification">The message.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task NotifyAsync(Notification notification, CancellationToken cancellationToken = default);
}
