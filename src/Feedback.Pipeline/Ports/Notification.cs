namespace Feedback.Pipeline.Ports;

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
